/**
 * The connection to the helper process (./helper.py), held by a worker thread (./relay.ts):
 * requests answered asynchronously (modules, which ask deployer to run commands on their host
 * while they run) or synchronously (name resolution while a playbook loads, filters, tests and
 * lookups in the middle of a template), all over the one process.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { RELAY_SOURCE } from './relay.js';
import { fromWire, toWire } from './wire.js';

/** A failure the helper reported: its text, and the Python class of the exception. */
export class HelperError extends Error {
  constructor(
    message: string,
    readonly pythonClass: string,
  ) {
    super(message);
  }
}

export type CallHandler = (call: Record<string, unknown>) => Promise<Record<string, unknown>>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onCall?: CallHandler;
}

interface Answer {
  id: number;
  ok?: unknown;
  error?: string;
  class?: string;
  call?: Record<string, unknown>;
}

/** How long a synchronous request may take (a lookup that reads the network, a slow filter). */
const SYNC_TIMEOUT_MS = 300_000;

export class HelperClient {
  private readonly worker: Worker;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly syncPort: MessagePort;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: string | undefined;

  constructor(python: string, helper: string, env: NodeJS.ProcessEnv, cwd: string) {
    const { port1, port2 } = new MessageChannel();
    this.syncPort = port1;
    this.worker = new Worker(RELAY_SOURCE, { eval: true, workerData: { syncPort: port2, flag: this.flag, python, helper, env, cwd }, transferList: [port2] });
    this.worker.on('message', (message: { line?: string; exit?: string }) => {
      if (message.exit !== undefined) return this.ended(message.exit);
      if (message.line) this.answer(fromWire(message.line) as Answer);
    });
    this.worker.on('error', (error) => this.ended(`the Ansible helper's relay failed: ${error.message}`));
    this.worker.unref();
  }

  private ended(reason: string): void {
    this.exited = reason;
    for (const [, pending] of this.pending) pending.reject(new HelperError(reason, 'bridge'));
    this.pending.clear();
  }

  private answer(answer: Answer): void {
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    if (answer.call) {
      const handler = pending.onCall;
      const reply = handler ? handler(answer.call) : Promise.resolve({ error: 'no command runner for this request' });
      void reply
        .catch((error: Error) => ({ error: error.message }))
        .then((value) => this.worker.postMessage({ id: answer.id, line: toWire({ id: answer.id, reply: value }) }));
      return;
    }
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if (answer.error !== undefined) pending.reject(new HelperError(answer.error, answer.class ?? 'Exception'));
    else pending.resolve(answer.ok);
  }

  /** A request answered later; `onCall` runs the commands the helper asks for meanwhile. */
  request(op: string, body: Record<string, unknown>, onCall?: CallHandler): Promise<unknown> {
    if (this.exited) return Promise.reject(new HelperError(this.exited, 'bridge'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onCall });
      // an answer to wait for keeps the process alive; none, and the helper never does
      this.worker.ref();
      this.worker.postMessage({ id, line: toWire({ ...body, id, op }) });
    });
  }

  /** A request answered before this returns: the main thread sleeps until the helper answers. */
  requestSync(op: string, body: Record<string, unknown>): unknown {
    if (this.exited) throw new HelperError(this.exited, 'bridge');
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ id, sync: true, line: toWire({ ...body, id, op }) });
    for (;;) {
      if (Atomics.wait(this.flag, 0, 0, SYNC_TIMEOUT_MS) === 'timed-out') throw new HelperError(`the Ansible helper did not answer within ${SYNC_TIMEOUT_MS / 1000} s`, 'bridge');
      const received = receiveMessageOnPort(this.syncPort);
      if (!received) continue;
      const answer = fromWire(received.message as string) as Answer;
      if (answer.error !== undefined) throw new HelperError(answer.error, answer.class ?? 'Exception');
      return answer.ok;
    }
  }

  close(): void {
    this.worker.postMessage({ close: true });
  }
}
