/**
 * A connection to etcd for a platform's state: its members, TLS files from the settings, and the
 * user and password from the environment (DEPLOYER_ETCD_USER, DEPLOYER_ETCD_PASSWORD), never from
 * the settings file. Every call that is not a stream has a deadline: a cluster that lost its
 * quorum answers nothing, and a run must find out before its next batch, not hang.
 */
import fs from 'node:fs';
import type { Etcd3, IOptions } from 'etcd3';
import { DeployerError } from '../../errors.js';
import type { StateSettings } from '../../settings/model.js';

export interface EtcdConnection {
  client: Etcd3;
  /** Milliseconds a call may take. */
  deadlineMs: number;
}

/** A third of the lease, at most 5 s: a run learns that etcd is gone before its lease could run out unnoticed. */
export const callDeadlineMs = (leaseTtl: number) => Math.min(5000, Math.max(500, (leaseTtl * 1000) / 3));

function readTls(file: string | undefined, what: string): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new DeployerError(`state_options.${what}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function connectEtcd(endpoints: string[], state: StateSettings, env: NodeJS.ProcessEnv): Promise<EtcdConnection> {
  const { Etcd3 } = await import('etcd3');
  const ca = readTls(state.tls.ca, 'ca');
  const tls = ca !== undefined;
  if (!tls && state.tls.cert !== undefined) throw new DeployerError('state_options.cert: a client certificate goes with TLS: name the CA that signs etcd\'s certificate in state_options.ca');
  const user = env.DEPLOYER_ETCD_USER || undefined;
  const password = env.DEPLOYER_ETCD_PASSWORD ?? '';
  const deadlineMs = callDeadlineMs(state.leaseTtl);
  const options: IOptions = {
    hosts: endpoints.map((e) => `${tls ? 'https' : 'http'}://${e}`),
    dialTimeout: deadlineMs,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + deadlineMs }),
    ...(tls ? { credentials: { rootCertificate: ca!, privateKey: readTls(state.tls.key, 'key'), certChain: readTls(state.tls.cert, 'cert') } } : {}),
    ...(user ? { auth: { username: user, password } } : {}),
  };
  return { client: new Etcd3(options), deadlineMs };
}
