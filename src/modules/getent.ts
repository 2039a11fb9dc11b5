/**
 * getent: a name service database (passwd, group, shadow, hosts, services, ...) read on the host
 * with `getent`, as Ansible's module gives it: ansible_facts.getent_<database>, each entry's key
 * to the rest of its fields (split on ':' for passwd, shadow, group and gshadow, on blanks
 * otherwise, unless `split` says), a key seen twice to a list of entries. Runs in check mode too.
 */
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { shellQuote as q } from '../transport/become.js';
import { requireArg, type ModuleDef } from './types.js';

const COLON = ['passwd', 'shadow', 'group', 'gshadow'];

/** Python's str.split: on runs of blanks without a separator, else on the separator exactly. */
const pySplit = (line: string, separator: string | undefined) => (separator === undefined ? line.trim().split(/\s+/).filter(Boolean) : line.split(separator));

export const getent: ModuleDef = {
  async run(args, context) {
    const database = String(requireArg(args, 'database', 'getent'));
    const key = args.key === undefined || args.key === null ? undefined : String(args.key);
    const separator = args.split !== undefined && args.split !== null ? String(args.split) : COLON.includes(database) ? ':' : undefined;
    const failKey = args.fail_key === undefined ? true : ansibleBoolean(args.fail_key);
    const words = ['getent', database, ...(key !== undefined ? [key] : []), ...(args.service ? ['-s', String(args.service)] : [])];
    const run = await context.exec(words.map(q).join(' '));
    const tree = `getent_${database}`;
    const results: Record<string, unknown> = {};
    if (run.exitCode === 0) {
      const seen = new Map<string, number>();
      for (const line of run.stdout.split(/\r?\n/).filter((l) => l !== '')) {
        const record = pySplit(line, separator);
        const [name, ...fields] = record;
        const count = seen.get(name) ?? 0;
        if (count === 0) results[name] = fields;
        else {
          if (count === 1) results[name] = [results[name]];
          (results[name] as unknown[]).push(fields);
        }
        seen.set(name, count + 1);
      }
      return { changed: false, ansible_facts: { [tree]: results } };
    }
    if (run.exitCode === 2 && !failKey) return { changed: false, ansible_facts: { [tree]: { [key ?? 'None']: null } }, msg: 'One or more supplied key could not be found in the database.' };
    const messages: Record<number, string> = {
      1: 'Missing arguments, or database unknown.',
      2: 'One or more supplied key could not be found in the database.',
      3: 'Enumeration not supported on this database.',
    };
    return { changed: false, failed: true, msg: messages[run.exitCode ?? -1] ?? (run.exitCode === 127 ? 'Failed to find required executable "getent"' : 'Unexpected failure!') };
  },
};
