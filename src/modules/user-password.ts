/** What Ansible's user module warns of before anything else: a password that does not look like a crypt(3) hash. */
import type { ModuleDef } from './types.js';

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

/** The module with that warning added to its result (once, however often it runs itself again). */
export function withPasswordWarning(module: ModuleDef): ModuleDef {
  return {
    async run(args, context) {
      const result = await module.run(args, context);
      const warning = passwordWarning(args.password);
      if (!warning || (Array.isArray(result.warnings) && result.warnings.includes(warning))) return result;
      return { ...result, warnings: [...(Array.isArray(result.warnings) ? result.warnings : []), warning] };
    },
  };
}
