/**
 * The bridge against ansible-playbook: modules deployer does not have (cron, getent, ini_file
 * from community.general, with become and no_log), in check mode, for real and again, each
 * playbook run by ansible-playbook on one sshd fleet host and by deployer on its twin; the
 * files, the registered results, the recap and each task's output must be the same. Filters,
 * tests and lookups of collections give what Ansible's give. Names that cannot run are refused
 * at load with file:line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deployer, repo, tempDir, testFleet, type TestFleet } from '../support/fleet.js';
import { ansiblePython } from './oracle.js';

const fixtures = path.join(repo, 'test/fixtures/bridge');
const haveCollections = fs.existsSync('/usr/lib/python3/dist-packages/ansible_collections/community/general');
const run = ansiblePython() !== undefined && haveCollections ? describe : describe.skip;
const controlDir = tempDir('deployer-bridge-cp-');
let ansibleFleet: TestFleet;
let deployerFleet: TestFleet;

beforeAll(async () => {
  if (ansiblePython() === undefined || !haveCollections) return;
  [ansibleFleet, deployerFleet] = await Promise.all([testFleet(1), testFleet(1)]);
}, 60_000);
afterAll(async () => {
  await Promise.all(fs.readdirSync(controlDir).map((socket) => execa('ssh', ['-O', 'exit', '-S', path.join(controlDir, socket), 'fleet'], { reject: false })));
  fs.rmSync(controlDir, { recursive: true, force: true });
  await ansibleFleet?.stop();
  await deployerFleet?.stop();
});

function reset(fleet: TestFleet): void {
  for (const host of fleet.hosts) {
    fs.rmSync(host.installRoot, { recursive: true, force: true });
    fs.mkdirSync(host.installRoot, { recursive: true });
    fs.chownSync(host.installRoot, Number(execaSyncId(fleet.user)), Number(execaSyncId(fleet.user, '-g')));
  }
}

const execaSyncId = (user: string, flag = '-u') => fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`))!.split(':')[flag === '-u' ? 2 : 3];

/** Every file of the host's install root: mode, owner, content (fleet paths neutral). */
function snapshot(fleet: TestFleet): Record<string, string> {
  const root = fleet.hosts[0].installRoot;
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(root).sort()) {
    const stat = fs.statSync(path.join(root, name));
    files[name] = `${(stat.mode & 0o7777).toString(8)} uid=${stat.uid}: ${fs.readFileSync(path.join(root, name), 'utf8').split(fleet.dir).join('<fleet>')}`;
  }
  return files;
}

function recap(output: string): string[] {
  return [...output.matchAll(/^(\S+)\s+: (ok=.*)$/gm)].map((m) => `${m[1]} ${m[2].replace(/\s+/g, ' ').trim()}`);
}

/** The output cut at its banners, fleet paths neutral, and the diff's after-header (Ansible names a temporary file there). */
function sections(output: string, fleet: TestFleet): [string, string[]][] {
  const out: [string, string[]][] = [];
  const text = output.split(fleet.dir).join('<fleet>').replace(/^\+\+\+ after: .*$/gm, '+++ after: <source>');
  for (const line of text.split('\n')) {
    if (/^[A-Z].*\*{3}$/.test(line)) out.push([line.replace(/\s*\*+$/, ''), []]);
    else if (line.trim() && out.length && !line.startsWith('[WARNING]')) out[out.length - 1][1].push(line);
  }
  return out;
}

async function both(args: string[]) {
  const env = {
    ANSIBLE_CONFIG: '',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_PIPELINING: 'True',
  };
  const [ansible, ours] = await Promise.all([
    execa('ansible-playbook', ['-i', ansibleFleet.inventory, ...args], { cwd: fixtures, env, reject: false }),
    deployer(['play', '-i', deployerFleet.inventory, ...args], { cwd: fixtures, env }),
  ]);
  return { ansible: { code: ansible.exitCode, stdout: ansible.stdout }, ours: { code: ours.exitCode, stdout: String(ours.stdout) } };
}

function expectSame(result: Awaited<ReturnType<typeof both>>): void {
  expect(recap(result.ansible.stdout)).not.toEqual([]);
  expect({ code: result.ours.code, recap: recap(result.ours.stdout) }).toEqual({ code: result.ansible.code, recap: recap(result.ansible.stdout) });
  expect(sections(result.ours.stdout, deployerFleet)).toEqual(sections(result.ansible.stdout, ansibleFleet));
}

run('modules deployer lacks, run through the bridge, as ansible-playbook runs them', () => {
  it('in check mode with --diff: the same predictions, nothing written', async () => {
    reset(ansibleFleet);
    reset(deployerFleet);
    const result = await both(['modules.yml', '--check', '--diff']);
    expectSame(result);
    expect(snapshot(deployerFleet)).toEqual({});
    expect(snapshot(ansibleFleet)).toEqual({});
  }, 120_000);

  it('for real with --diff, then again: the same files, registered results and output, and nothing changed the second time', async () => {
    const first = await both(['modules.yml', '--diff']);
    expectSame(first);
    const files = snapshot(deployerFleet);
    expect(files).toEqual(snapshot(ansibleFleet));
    expect(files['root.ini']).toMatch(/^644 uid=0: /);
    // no_log: the result shown is censored (the registered one is not, as in Ansible)
    const secret = sections(first.ours.stdout, deployerFleet).find(([banner]) => banner.includes('[a secret]'));
    expect(secret?.[1]).toEqual(['changed: [host001]']);
    const second = await both(['modules.yml', '--diff']);
    expectSame(second);
    // every module task unchanged; only the file of registered results (which hold `changed`) is rewritten
    const changed = sections(second.ours.stdout, deployerFleet).filter(([, lines]) => lines.some((line) => line.startsWith('changed:')));
    expect(changed.map(([banner]) => banner)).toEqual(['TASK [the registered results]']);
    expect(snapshot(deployerFleet)).toEqual(snapshot(ansibleFleet));
  }, 180_000);
});

run('a role library/ module, a dynamic include with the play collections, action plugins that only pass through', () => {
  it('give what ansible-playbook gives, in check mode and for real', async () => {
    reset(ansibleFleet);
    reset(deployerFleet);
    expectSame(await both(['local.yml', '--check']));
    expect(snapshot(deployerFleet)).toEqual({});
    const real = await both(['local.yml']);
    expectSame(real);
    const files = snapshot(deployerFleet);
    expect(Object.keys(files)).toEqual(['blob', 'greeted.json', 'greeting.txt']);
    expect(files).toEqual(snapshot(ansibleFleet));
    expectSame(await both(['local.yml']));
  }, 180_000);

  it('yum on a Debian host and uri without src fail as with Ansible', async () => {
    const result = await both(['passthrough.yml']);
    expectSame(result);
    expect(result.ours.stdout).toContain('Could not detect which major revision of yum is in use');
  }, 120_000);
});

run('filters, tests and lookups of collections, run by Ansible in the helper', () => {
  it('give what ansible-playbook gives', async () => {
    expectSame(await both(['plugins.yml']));
  }, 120_000);
});

run('names the bridge cannot run are refused at load, with file and line', () => {
  const load = (file: string, env: Record<string, string> = {}) => deployer(['play', '-i', deployerFleet.inventory, file], { cwd: fixtures, env: { ANSIBLE_RETRY_FILES_ENABLED: 'false', ...env } });

  it('an unknown module, as Ansible refuses it', async () => {
    const result = await load('unknown.yml');
    // ansible-playbook's exit code for a playbook that does not parse (AnsibleParserError)
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain(`${fixtures}/unknown.yml:7: couldn't resolve module/action 'ansible.builtin.no_such_module'`);
    expect(result.stdout).not.toContain('TASK');
  });

  it('a module whose action plugin runs on the controller loads, and its task fails when it runs, with file and line', async () => {
    const result = await load('action-plugin.yml');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain(`${fixtures}/action-plugin.yml:4: ansible.builtin.uri needs its action plugin ansible.builtin.uri on the controller (to send its src file)`);
    expect(result.stdout).toMatch(/host001\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=1/);
  });

  it('a bridged module without ansible-core on the controller, naming what to install', async () => {
    const result = await load('modules.yml', { DEPLOYER_ANSIBLE_PYTHON: '/nonexistent/python3' });
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toContain(`${fixtures}/modules.yml:6: couldn't resolve module/action 'ini_file'`);
    expect(result.stderr).toContain('install ansible-core on the controller');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('--list-modules says what runs natively and what through the bridge, the collections keyword applied', async () => {
    const result = await deployer(['play', 'collections.yml', '--list-modules'], { cwd: fixtures });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('short name through the collections keyword\tini_file\tbridge (community.general.ini_file)');
    expect(result.stdout).toContain('timezone\ttimezone\tbridge (community.general.timezone)');
    expect(result.stdout).toContain('ours\tcopy\tnative');
    expect(result.stdout).toMatch(/bridge: ansible-core 2\.\d+/);
  });
});
