/**
 * A playbook's privileged tasks on a host share one sudo shell held open (one sudo per host, not
 * per task), and each task still gets exactly its own output, error output, exit status and
 * input, as through a sudo of its own: on a real sshd host, through real sudo. deployer's own
 * commands run in subshells the held shell forks (no shell program started for each); a raw
 * task's text, the user's shell code, in a shell process of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployer, testFleet, type TestFleet } from '../support/fleet.js';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await testFleet(1);
}, 60_000);
afterAll(() => fleet?.stop());

/** Runs the tasks with become: true; each registers a result, written to results.json in the fleet's folder (the fleet's host is this machine). */
async function results(tasks: { name: string; task: string }[]): Promise<Record<string, { stdout: string; stderr: string; rc: number }>> {
  const out = path.join(fleet.dir, 'results.json');
  const body = tasks.map(({ name, task }) => `    - ${task}\n      register: ${name}\n      failed_when: false\n`).join('');
  const collect = `{{ { ${tasks.map(({ name }) => `'${name}': {'stdout': ${name}.stdout, 'stderr': ${name}.stderr, 'rc': ${name}.rc}`).join(', ')} } | to_json }}`;
  const file = path.join(fleet.dir, 'site.yml');
  fs.writeFileSync(file, `- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n${body}    - copy:\n        dest: ${out}\n        content: "${collect}"\n`);
  const result = await deployer(['play', '-i', fleet.inventory, file]);
  if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

describe('one privileged shell per host', () => {
  it('runs every privileged task of a host under one sudo', async () => {
    // the task's own shell is a child of the shell sudo started: the same one for both tasks
    const got = await results([
      { name: 'first', task: 'shell: echo "$(id -un) $(ps -o ppid= -p $PPID)"' },
      { name: 'second', task: 'shell: echo "$(id -un) $(ps -o ppid= -p $PPID)"' },
    ]);
    expect(got.first.stdout).toMatch(/^root +\d+$/);
    expect(got.second.stdout).toBe(got.first.stdout);
  }, 60_000);

  it('gives each task its own output, error output and exit status', async () => {
    const got = await results([
      { name: 'unterminated', task: "shell: printf 'no newline'; printf 'on stderr' >&2; exit 3" },
      { name: 'blank_lines', task: "shell: printf '\\n\\nlast\\n\\n'" },
      { name: 'looks_like_a_marker', task: "shell: echo 'DEPLOYER-END-0000 0'; echo 'DEPLOYER-END-0000' >&2" },
      { name: 'signalled', task: 'shell: kill -TERM $$' },
      { name: 'after', task: 'command: echo fine' },
    ]);
    expect(got.unterminated).toEqual({ stdout: 'no newline', stderr: 'on stderr', rc: 3 });
    // Ansible strips the trailing newlines (strip_empty_ends); the leading ones stay
    expect(got.blank_lines.stdout).toBe('\n\nlast');
    expect(got.looks_like_a_marker).toEqual({ stdout: 'DEPLOYER-END-0000 0', stderr: 'DEPLOYER-END-0000', rc: 0 });
    expect(got.signalled.rc).toBe(143);
    expect(got.after).toEqual({ stdout: 'fine', stderr: '', rc: 0 });
  }, 60_000);

  it("passes a task's input, and reads none when it has none", async () => {
    const got = await results([
      { name: 'input', task: "command: wc -c\n      args:\n        stdin: \"{{ 'x' * 5000 }}\"" },
      { name: 'no_input', task: 'shell: cat; echo done' },
    ]);
    // stdin gets a newline after it, as in Ansible
    expect(got.input.stdout).toBe('5001');
    expect(got.no_input).toEqual({ stdout: 'done', stderr: '', rc: 0 });
  }, 60_000);

  it("runs a module's own command in a fork of the held shell, and a raw task's text in a shell process of its own", async () => {
    // the script module's wrapper is deployer's command: the script's parent is a fork of the held
    // shell (the command line sudo started: /bin/sh), not a `/bin/sh -c` started for the wrapper
    fs.mkdirSync(path.join(fleet.dir, 'files'), { recursive: true });
    fs.writeFileSync(path.join(fleet.dir, 'files', 'parent.sh'), "tr '\\0' ' ' < /proc/$PPID/cmdline\n");
    const got = await results([
      { name: 'wrapper', task: 'script: parent.sh' },
      { name: 'raw', task: "raw: tr '\\0' ' ' < /proc/$$/cmdline" },
    ]);
    expect(got.wrapper.stdout.trim()).toBe('/bin/sh');
    expect(got.raw.stdout).toMatch(/^\/bin\/sh -c tr /);
  }, 60_000);

  it('carries input exactly, text (a here-document) or not (base64)', async () => {
    const files = path.join(fleet.dir, 'files');
    fs.mkdirSync(files, { recursive: true });
    const inputs: Record<string, Buffer> = {
      text: Buffer.from('first line\n\tindented, $HOME and `quotes` kept\nlast\n'),
      no_last_newline: Buffer.from('ends without a newline'),
      bytes: Buffer.from([0, 1, 2, 255, 10, 0x80]),
      not_utf8: Buffer.from([0x63, 0x61, 0x66, 0xe9, 10]),
    };
    for (const [name, bytes] of Object.entries(inputs)) fs.writeFileSync(path.join(files, name), bytes);
    const tasks = Object.keys(inputs).map((name) => `    - copy:\n        src: ${name}\n        dest: ${path.join(fleet.dir, `copied-${name}`)}\n`);
    const file = path.join(fleet.dir, 'copies.yml');
    fs.writeFileSync(file, `- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n${tasks.join('')}`);
    const result = await deployer(['play', '-i', fleet.inventory, file]);
    expect(result.exitCode).toBe(0);
    for (const [name, bytes] of Object.entries(inputs)) expect([name, fs.readFileSync(path.join(fleet.dir, `copied-${name}`))]).toEqual([name, bytes]);
  }, 60_000);
});
