/** What every transport (SSH, local) offers the engine: run a command, get a typed result. */
export interface CommandResult {
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut?: boolean;
  /** With `respond`: the prompt came back after it was answered (a wrong password). */
  promptRepeated?: boolean;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  timeoutMs?: number;
  /**
   * Answer a prompt that appears on stderr (sudo's password prompt), once; standard input is
   * closed after the answer, or as soon as `ready` appears on stdout (no prompt was needed).
   */
  respond?: { prompt: string; answer: string; ready: string };
}

/** A command left running on the host, its input written as the caller goes (a shell held open). */
export interface Session {
  write(data: string): void;
  end(): void;
  onStdout(listener: (chunk: Buffer) => void): void;
  onStderr(listener: (chunk: Buffer) => void): void;
  /** Called once, when the command has ended; `lost` when the connection ended with it. */
  onClose(listener: (lost: boolean) => void): void;
}

export interface Connection {
  readonly host: string;
  exec(command: string, options?: ExecOptions): Promise<CommandResult>;
  /** A long-lived command whose input is written as it goes; transports that cannot hold one lack it. */
  openSession?(command: string): Promise<Session>;
  /**
   * Ends every command running on this connection with its whole process group (TERM, then KILL
   * a second later), those run through sudo too: with `sudoPassword`, or where sudo needs none.
   */
  interrupt(sudoPassword?: string): Promise<void>;
  close(): void;
  /** Called once if the connection ends (the host or the network closed it). */
  onLost(listener: () => void): void;
}

export type ConnectFailure = 'refused' | 'timeout' | 'host-key' | 'auth' | 'network' | 'config';

/** A host that could not be reached: the engine reports it as UNREACHABLE, never as a crash. */
export class ConnectError extends Error {
  constructor(
    readonly kind: ConnectFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Collects a command's output and answers one prompt on stderr; shared by every transport. */
export class OutputCollector {
  private readonly stdout: Buffer[] = [];
  private readonly stderr: Buffer[] = [];
  private stderrText = '';
  private answered = false;
  promptRepeated = false;

  private stdinOpen = true;
  private stdoutTail = '';

  constructor(
    private readonly respond: ExecOptions['respond'],
    private readonly write: (data: string) => void,
    private readonly end: () => void,
  ) {}

  private closeStdin(): void {
    if (!this.stdinOpen) return;
    this.stdinOpen = false;
    this.end();
  }

  onStdout(chunk: Buffer): void {
    this.stdout.push(chunk);
    if (this.respond && this.stdinOpen) {
      this.stdoutTail = (this.stdoutTail + chunk.toString('utf8')).slice(-4096);
      if (this.stdoutTail.includes(this.respond.ready)) this.closeStdin();
    }
  }

  onStderr(chunk: Buffer): void {
    this.stderr.push(chunk);
    if (!this.respond) return;
    this.stderrText += chunk.toString('utf8');
    const { prompt, answer } = this.respond;
    const first = this.stderrText.indexOf(prompt);
    if (first === -1) return;
    if (!this.answered) {
      this.answered = true;
      this.write(`${answer}\n`);
      this.closeStdin();
    } else if (this.stderrText.indexOf(prompt, first + prompt.length) !== -1) {
      this.promptRepeated = true;
    }
  }

  result(exitCode: number | null, signal: string | undefined, started: number, timedOut: boolean): CommandResult {
    let stderr = Buffer.concat(this.stderr).toString('utf8');
    if (this.respond) stderr = stderr.split(this.respond.prompt).join('');
    return {
      exitCode,
      signal,
      stdout: Buffer.concat(this.stdout).toString('utf8'),
      stderr,
      durationMs: Date.now() - started,
      ...(timedOut ? { timedOut } : {}),
      ...(this.promptRepeated ? { promptRepeated: true } : {}),
    };
  }
}
