/**
 * One privileged shell per connection and become user, held open for the run: `sudo` and an SSH
 * session once per host instead of once per task (what Mitogen does for Ansible). On a systemd
 * host a task through its own session and sudo costs 10-16 ms of the host's CPU, through the
 * held shell 1-7 ms (bench/persistent-shell.sh). Each command runs in a subshell the held shell
 * forks (`( eval '<command>' )`: no program started for it, which on a host costs more than the
 * fork), or, when it must be a process of its own (`$$` its own PID, as a raw task's is), as
 * `/bin/sh -c '<command>'`; its end and exit status are written after it on both streams behind
 * a marker of its own.
 *
 * The shell is only a shortcut: a sudo that needs a password, a command given a large input,
 * or a task that starts while the host's shell is busy take the usual path, one sudo each.
 */
import crypto from 'node:crypto';
import { becomeCommand, shellQuote, type BecomeSettings } from './become.js';
import { ConnectError, type CommandResult, type Connection, type Session } from './types.js';

/** Inputs above this go through a session of their own (base64 through the shell costs more). */
const MAX_STDIN_BYTES = 256 * 1024;

interface Pending {
  marker: string;
  started: number;
  resolve(result: CommandResult): void;
  reject(error: Error): void;
}

/** How much of each stream's end is searched for a marker (the marker and the exit status fit). */
const TAIL_BYTES = 256;

export class BecomeShell {
  private stdout: Buffer[] = [];
  private stderr: Buffer[] = [];
  /** The streams' last bytes: a marker is looked for there, not in the whole output. */
  private stdoutTail = Buffer.alloc(0);
  private stderrTail = Buffer.alloc(0);
  private pending: Pending | undefined;
  private closed = false;
  private started: ((ready: boolean) => void) | undefined;

  private constructor(
    private readonly session: Session,
    private readonly readyMarker: string,
  ) {
    session.onStdout((chunk) => {
      this.stdout.push(chunk);
      this.stdoutTail = Buffer.concat([this.stdoutTail, chunk]).subarray(-TAIL_BYTES);
      this.settle();
    });
    session.onStderr((chunk) => {
      this.stderr.push(chunk);
      this.stderrTail = Buffer.concat([this.stderrTail, chunk]).subarray(-TAIL_BYTES);
      this.settle();
    });
    session.onClose((lost) => {
      this.closed = true;
      this.started?.(false);
      const pending = this.pending;
      this.pending = undefined;
      if (lost) return pending?.reject(new ConnectError('network', 'the connection was lost while the command ran'));
      // the shell was ended (an interrupt ends every session): the command ended with it
      pending?.resolve({ exitCode: null, signal: 'KILL', stdout: this.take('stdout'), stderr: `${this.take('stderr')}the privileged shell ended while the command ran`, durationMs: Date.now() - pending.started });
    });
  }

  /** A shell held open as the become user, or undefined when sudo does not start one (the caller's own sudo then reports why). */
  static async open(connection: Connection, become: BecomeSettings): Promise<BecomeShell | undefined> {
    if (!connection.openSession || become.password !== undefined) return undefined;
    const plan = becomeCommand('exec /bin/sh', become);
    const session = await connection.openSession(plan.command).catch(() => undefined);
    if (!session) return undefined;
    const shell = new BecomeShell(session, plan.marker);
    const ready = await new Promise<boolean>((resolve) => {
      shell.started = resolve;
      shell.settle();
    });
    shell.started = undefined;
    return ready ? shell : undefined;
  }

  /** Ended: an interrupt, or the host closed it. */
  get ended(): boolean {
    return this.closed;
  }

  /** Free to take a command now (not running one, not ended), with an input it can carry. */
  accepts(stdin?: string | Buffer): boolean {
    return !this.closed && !this.started && !this.pending && (stdin === undefined || Buffer.byteLength(stdin) <= MAX_STDIN_BYTES);
  }

  run(command: string, stdin?: string | Buffer, ownProcess = false): Promise<CommandResult> {
    const marker = `DEPLOYER-END-${crypto.randomBytes(12).toString('hex')}`;
    // anything a finished command's children wrote late is not this command's
    this.stdout = [];
    this.stderr = [];
    // eval in the subshell: a command that does not parse fails there, not in the held shell
    const invoke = ownProcess ? `/bin/sh -c ${shellQuote(command)}` : `( eval ${shellQuote(command)} )`;
    // text as written in a here-document; other input as base64, decoded by base64 -d on the host
    const text = stdin === undefined ? undefined : hereDocumentText(stdin, marker);
    let line = `${invoke} </dev/null`;
    let body = '';
    if (text !== undefined) [line, body] = [`${invoke} <<'${marker}'`, `${text}${marker}\n`];
    else if (stdin !== undefined) [line, body] = [`base64 -d <<'${marker}' | ${invoke}`, `${Buffer.from(stdin).toString('base64').replace(/.{1,76}/g, '$&\n')}${marker}\n`];
    return new Promise((resolve, reject) => {
      this.pending = { marker, started: Date.now(), resolve, reject };
      this.session.write(`${line}; printf '\\n%s %d\\n' ${marker} $?; printf '\\n%s\\n' ${marker} >&2\n${body}`);
    });
  }

  /** The shell's ready line, or the pending command's result once both streams carry its marker. */
  private settle(): void {
    if (this.started) {
      const out = Buffer.concat(this.stdout);
      const end = out.indexOf(`${this.readyMarker}\n`);
      if (end === -1) return;
      this.stdout = [out.subarray(end + this.readyMarker.length + 1)];
      this.started(true);
      return;
    }
    const pending = this.pending;
    if (!pending || !this.stdoutTail.includes(`\n${pending.marker} `) || !this.stderrTail.includes(`\n${pending.marker}\n`)) return;
    const out = Buffer.concat(this.stdout);
    const err = Buffer.concat(this.stderr);
    const outEnd = out.lastIndexOf(`\n${pending.marker} `);
    const errEnd = err.lastIndexOf(`\n${pending.marker}\n`);
    const statusEnd = out.indexOf('\n', outEnd + pending.marker.length + 2);
    if (statusEnd === -1) return;
    const status = Number(out.subarray(outEnd + pending.marker.length + 2, statusEnd).toString('ascii'));
    this.pending = undefined;
    this.stdout = [];
    this.stderr = [];
    pending.resolve({
      // a command ended by a signal reports 128 + its number, as sh -c under its own sudo does
      exitCode: status,
      stdout: out.subarray(0, outEnd).toString('utf8'),
      stderr: err.subarray(0, errEnd).toString('utf8'),
      durationMs: Date.now() - pending.started,
    });
  }

  private take(stream: 'stdout' | 'stderr'): string {
    const text = Buffer.concat(this[stream]).toString('utf8');
    this[stream] = [];
    return text;
  }
}

/**
 * Input a here-document carries exactly (no base64 program started for it): UTF-8 text whose last
 * line ends, with no NUL and no line that is the marker.
 */
function hereDocumentText(stdin: string | Buffer, marker: string): string | undefined {
  const text = typeof stdin === 'string' ? stdin : stdin.toString('utf8');
  if (typeof stdin !== 'string' && !Buffer.from(text, 'utf8').equals(stdin)) return undefined;
  if (!text.endsWith('\n') || text.includes('\0') || `\n${text}`.includes(`\n${marker}\n`)) return undefined;
  return text;
}

/** The shells held open on each connection, one per become user and flags. */
const shells = new WeakMap<Connection, Map<string, Promise<BecomeShell | undefined>>>();

/** The connection's held shell for this become, opened on first use; undefined where none can be held. */
export async function becomeShell(connection: Connection, become: BecomeSettings): Promise<BecomeShell | undefined> {
  let byUser = shells.get(connection);
  if (!byUser) shells.set(connection, (byUser = new Map()));
  const key = `${become.user}\0${become.flags}`;
  let shell = byUser.get(key);
  if (!shell) byUser.set(key, (shell = BecomeShell.open(connection, become)));
  const held = await shell;
  if (held?.ended) {
    // ended (an interrupt, a lost connection): the next command opens a new one
    byUser.delete(key);
    return becomeShell(connection, become);
  }
  return held;
}
