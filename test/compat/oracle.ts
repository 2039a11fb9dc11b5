/**
 * Real Ansible as the oracle: runs `ansible-inventory` / `ansible --list-hosts` command lines
 * through test/compat/ansible_oracle.py, in the Python that Debian's ansible-core uses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface OracleCall {
  cwd: string;
  argv: string[];
}

export interface OracleResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** The interpreter named in ansible-inventory's shebang, or undefined when Ansible is not installed. */
export function ansiblePython(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, 'ansible-inventory');
    if (!fs.existsSync(candidate)) continue;
    const shebang = fs.readFileSync(candidate, 'utf8').split('\n')[0];
    const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(shebang);
    if (!match) return undefined;
    return match[1].endsWith('/env') ? match[2] : match[1];
  }
  return undefined;
}

const oracleCommand = () => {
  const python = ansiblePython();
  if (!python) throw new Error('ansible-core is not installed');
  return { python, script: path.join(here, 'ansible_oracle.py'), env: { ...process.env, ANSIBLE_NOCOLOR: '1', COLUMNS: '10000' } };
};

export function runOracle(calls: OracleCall[]): OracleResult[] {
  const { python, script, env } = oracleCommand();
  const output = execFileSync(python, [script], { input: JSON.stringify(calls), maxBuffer: 256 * 1024 * 1024, env });
  return JSON.parse(output.toString()) as OracleResult[];
}

/** runOracle without blocking: other work (deployer's own calls) goes on meanwhile. */
export async function runOracleAsync(calls: OracleCall[]): Promise<OracleResult[]> {
  const { python, script, env } = oracleCommand();
  const run = await execa(python, [script], { input: JSON.stringify(calls), maxBuffer: 256 * 1024 * 1024, env, stripFinalNewline: false });
  return JSON.parse(run.stdout) as OracleResult[];
}

/** `[WARNING]: ...` messages of an Ansible stderr, unwrapped to one line each. */
export function ansibleWarnings(stderr: string): string[] {
  return stderr
    .split(/\[WARNING\]:\s*/)
    .slice(1)
    .map((w) => w.replace(/\s+/g, ' ').trim());
}

/** One Python that has imported Ansible answering calls one at a time (ansible_oracle.py --serve), started with this environment. */
export interface OracleServer {
  run(call: OracleCall): Promise<OracleResult>;
  close(): Promise<void>;
}

export function startOracleServer(env: Record<string, string>): OracleServer {
  const { python, script } = oracleCommand();
  const child = execa(python, [script, '--serve'], { env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...env }, stdin: 'pipe', stdout: 'pipe', stderr: 'inherit', buffer: false });
  const waiting: ((result: OracleResult) => void)[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      waiting.shift()?.(JSON.parse(line) as OracleResult);
    }
  });
  let queue = Promise.resolve<unknown>(undefined);
  return {
    run(call) {
      // one call at a time: the server answers in order, and the fleet is one
      const result = queue.then(
        () =>
          new Promise<OracleResult>((resolve) => {
            waiting.push(resolve);
            child.stdin!.write(`${JSON.stringify(call)}\n`);
          }),
      );
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      child.stdin!.end();
      await child.catch(() => undefined);
    },
  };
}
