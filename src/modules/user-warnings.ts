/** What Ansible's user module warns of before anything else: append without groups, a password that does not look like a crypt(3) hash. */
import { ansibleBoolean } from '../config/ansible-cfg.js';
import type { ModuleDef } from './types.js';

const APPEND_WITHOUT_GROUPS = "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups.This will change to an error in Ansible 2.14.";

const NOT_HASHED =
  "The input password appears not to have been hashed. The 'password' argument must be encrypted for this module to work properly.";

/** Ansible's check_password_encrypted: the warning for `password`, if any. */
export function passwordWarning(password: unknown): string | undefined {
  if (password === undefined || password === null || password === '') return undefined;
  const text = String(password);
  // passwords that disable or lock the account
  if (['*', '!', '*************'].includes(text)) return undefined;
  const fields = text.split('$');
  const lengths: Record<string, number> = { '1': 22, '5': 43, '6': 86 };
  const last = fields[fields.length - 1];
  const invalid =
    /[:*!]/.test(text) ||
    !text.includes('$') ||
    fields.length < 3 ||
    /[^a-zA-Z0-9./=]/.test(last) ||
    (Object.hasOwn(lengths, fields[1]) && last.length !== lengths[fields[1]]);
  return invalid ? NOT_HASHED : undefined;
}

/** The warnings of Ansible's user module for these arguments, in its order. */
export function userWarnings(args: Record<string, unknown>): string[] {
  const append = args.append !== undefined && args.append !== null && ansibleBoolean(args.append);
  const password = passwordWarning(args.password);
  return [...(append && (args.groups === undefined || args.groups === null) ? [APPEND_WITHOUT_GROUPS] : []), ...(password ? [password] : [])];
}

/** The module with those warnings added to its result (once each, however often it runs itself again). */
export function withUserWarnings(module: ModuleDef): ModuleDef {
  return {
    async run(args, context) {
      const result = await module.run(args, context);
      const given = Array.isArray(result.warnings) ? result.warnings : [];
      const missing = userWarnings(args).filter((warning) => !given.includes(warning));
      return missing.length ? { ...result, warnings: [...given, ...missing] } : result;
    },
  };
}
