/**
 * Which store a run uses: the settings' `state` (validated with the rest of the file), unless
 * `$DEPLOYER_STATE` names another (checked here, as the settings are).
 */
import { DeployerError } from '../errors.js';
import { STATE_PATTERN } from '../settings/schema.js';

export type StateTarget = { kind: 'file' } | { kind: 'etcd'; url: string; endpoints: string[]; prefix: string };

export function stateTarget(fromSettings: string, env: NodeJS.ProcessEnv): StateTarget {
  const override = env.DEPLOYER_STATE || undefined;
  const url = override ?? fromSettings;
  if (!new RegExp(STATE_PATTERN).test(url)) throw new DeployerError(`DEPLOYER_STATE: expected file, or etcd://HOST:PORT[,HOST:PORT...]/PREFIX, got '${url}'`);
  if (url === 'file') return { kind: 'file' };
  const rest = url.slice('etcd://'.length);
  const slash = rest.indexOf('/');
  return { kind: 'etcd', url, endpoints: rest.slice(0, slash).split(','), prefix: rest.slice(slash + 1) };
}
