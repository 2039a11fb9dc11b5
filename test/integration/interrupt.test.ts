/**
 * Ctrl-C and SIGTERM stop the remote work, on a real sshd fleet: the commands running on the
 * hosts end with their whole process group (through sudo too), the run says which hosts were
 * interrupted, writes them to the retry file, and exits as Ansible does (99). The fleet's hosts
 * share this machine's process table, so the test sees the remote processes directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repo, tempDir, testFleet, type TestFleet } from '../support/fleet.js';

let fleet: TestFleet;
let unique = 0;
beforeAll(async () => {
  fleet = await testFleet(3);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

/** PIDs of processes whose command line contains the marker (never this test's own pgrep). */
async function processesWith(marker: string): Promise<number[]> {
  const result = await execa('pgrep', ['-f', marker], { reject: false });
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

/** Waits for a condition, polling: the test waits for facts, not for a fixed time. */
async function until(condition: () => Promise<boolean>, what: string, boundMs = 20_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const started: ReturnType<typeof execa>[] = [];
afterEach(() => {
  // a run a failed test left behind is stopped by its PID (the test started it)
  for (const run of started.splice(0)) if (run.exitCode === undefined || run.exitCode === null) run.kill('SIGKILL');
});

function start(args: string[], cwd: string) {
  const run = execa('node', [path.join(repo, 'bin/deployer.js'), ...args, '-i', fleet.inventory], { cwd, env: { ANSIBLE_CONFIG: '', NO_COLOR: '1', CI: 'true' }, reject: false });
  started.push(run);
  return run;
}

describe.each<[string, NodeJS.Signals, string[]]>([
  ['deployer ssh, Ctrl-C', 'SIGINT', []],
  ['deployer ssh, SIGTERM', 'SIGTERM', []],
  ['deployer ssh -b (sudo), Ctrl-C', 'SIGINT', ['-b']],
])('%s', (_name, signal, extra) => {
  it('ends every remote command, names the interrupted hosts, writes them to the retry file, exits 99', async () => {
    const cwd = tempDir();
    // a duration no other process uses marks this test's remote sleeps; after it a second
    // command, so that the shell stays their parent and both have to go
    const marker = `sleep 6000.${process.pid}${unique++}`;
    const run = start(['ssh', 'all', `${marker}; echo never`, ...extra], cwd);
    await until(async () => (await processesWith(`^${marker}$`)).length === 3, 'the three remote commands');
    run.kill(signal);
    const result = await run;
    expect(result.exitCode).toBe(99);
    expect(result.stderr).toMatch(/interrupted on 3 hosts: (host00[123](, )?){3}\n\[ERROR\]: User interrupted execution\n?$/);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['host001', 'host002', 'host003'].map((h) => `${h} | INTERRUPTED | interrupted: the command was stopped on the host`));
    expect(fs.readFileSync(path.join(cwd, 'ssh.retry'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['host001', 'host002', 'host003']);
    await until(async () => (await processesWith(marker)).length === 0, 'the remote commands to end', 10_000);
  }, 60_000);
});

describe('deployer play, Ctrl-C', () => {
  it('ends the running task on every host, starts no further task (ignore_errors or not), exits 99 with the play hosts in the retry file', async () => {
    const cwd = tempDir();
    const marker = `sleep 6000.${process.pid}${unique++}`;
    fs.writeFileSync(path.join(cwd, 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: long\n      shell: ${marker}; echo never\n      ignore_errors: true\n    - name: never reached\n      command: touch {{ install_root }}/reached\n`);
    const run = start(['play', 'site.yml'], cwd);
    await until(async () => (await processesWith(`^${marker}$`)).length === 3, 'the three remote tasks');
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(99);
    expect(result.stderr).toMatch(/interrupted on 3 hosts: .*\n\[ERROR\]: User interrupted execution$/);
    expect(result.stdout).not.toContain('PLAY RECAP');
    expect(fs.readFileSync(path.join(cwd, 'site.retry'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['host001', 'host002', 'host003']);
    await until(async () => (await processesWith(marker)).length === 0, 'the remote tasks to end', 10_000);
    for (const host of fleet.hosts) expect(fs.existsSync(path.join(host.installRoot, 'reached'))).toBe(false);
  }, 60_000);
});
