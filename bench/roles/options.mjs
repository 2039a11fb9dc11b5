// The options the public-roles harnesses share: --src (the fetched roles), --work, --only, --write.
import os from 'node:os';
import path from 'node:path';

export const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
export const src = path.resolve(option('--src', '/work/.mirror'));
export const work = path.resolve(option('--work', path.join(os.tmpdir(), 'deployer-public-roles')));
export const only = option('--only', '')?.split(',').filter(Boolean) ?? [];
/** --write FILE: the harness's table replaces its section of FILE (docs/public-roles.md) too. */
export const writeTo = option('--write', undefined);
