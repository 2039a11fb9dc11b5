/** `ansible_connection=local`: commands run on this machine through /bin/sh, with execa. */
import { OutputCollector, type CommandResult, type Connection, type ExecOptions } from './types.js';

export class LocalConnection implements Connection {
  constructor(readonly host: string) {}

  async exec(command: string, options: ExecOptions = {}): Promise<CommandResult> {
    const started = Date.now();
    // loaded on first use: most runs have no local host, and execa is a large module tree
    const { execa } = await import('execa');
    const child = execa('/bin/sh', ['-c', command], {
      reject: false,
      // a process group of its own, so that an interrupt ends the command's children too
      detached: true,
      buffer: false,
      stdin: 'pipe',
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    const output = new OutputCollector(options.respond, (data) => child.stdin?.write(data), () => child.stdin?.end());
    child.stdout?.on('data', (chunk: Buffer) => output.onStdout(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.onStderr(chunk));
    if (options.stdin !== undefined) child.stdin?.write(options.stdin);
    if (!options.respond) child.stdin?.end();
    if (child.pid !== undefined) this.groups.add(child.pid);
    const result = await child.finally(() => child.pid !== undefined && this.groups.delete(child.pid));
    return output.result(result.exitCode ?? null, result.signal ?? undefined, started, Boolean(result.timedOut));
  }

  private readonly groups = new Set<number>();

  async interrupt(): Promise<void> {
    const signalAll = (signal: NodeJS.Signals) => {
      for (const group of this.groups) {
        try {
          process.kill(-group, signal);
        } catch {
          // already gone
        }
      }
    };
    if (this.groups.size === 0) return;
    signalAll('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    signalAll('SIGKILL');
  }

  close(): void {}

  // nothing to lose: every command is a new process here
  onLost(): void {}
}
