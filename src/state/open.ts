/** The state store a platform's settings name (or $DEPLOYER_STATE): the configuration folder's files, or etcd. */
import type { Settings } from '../settings/model.js';
import { FileStore } from './file-store.js';
import { stateTarget } from './state-url.js';
import type { StateStore } from './store.js';

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  /** Told when a record goes elsewhere than asked (etcd unreachable: the local files). */
  warn?: (text: string) => void;
}

export async function openStore(settings: Pick<Settings, 'confDir' | 'state'>, options: OpenOptions = {}): Promise<StateStore> {
  const env = options.env ?? process.env;
  const target = stateTarget(settings.state.url, env);
  const local = new FileStore(settings.confDir);
  if (target.kind === 'file') return local;
  // etcd's client (gRPC) loads only when a platform uses it
  const [{ connectEtcd }, { EtcdStore }] = await Promise.all([import('./etcd/client.js'), import('./etcd/store.js')]);
  const { client } = await connectEtcd(target.endpoints, settings.state, env);
  return new EtcdStore(client, target.url, target.prefix, settings.state.leaseTtl, local, options.warn ?? (() => undefined));
}
