/**
 * Ad-hoc commands on a real fleet of OpenSSH servers on loopback: output and exit codes as
 * Ansible's, unreachable hosts, host keys, become, jump hosts, templating, retry files, JSON.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { FLEET_PASSWORD_USER, FLEET_SUDO_PASSWORD } from '../../src/fleet/fleet.js';
import { deployer, headers, tempDir, testFleet, type TestFleet } from '../support/fleet.js';

let fleet: TestFleet;
beforeAll(async () => {
  fleet = await testFleet(5, { groups: { kafka_servers: [0, 1, 2], operator_servers: [3, 4] } });
}, 60_000);
afterAll(() => fleet?.stop());

const inv = () => ['-i', fleet.inventory];

describe('deployer ssh', () => {
  it('runs on every host of the pattern and prints Ansible-style blocks', async () => {
    const result = await deployer(['ssh', 'kafka_servers', 'echo "$(whoami) at {{ inventory_hostname }}"', ...inv()]);
    expect(result.exitCode).toBe(0);
    expect(headers(result.stdout)).toEqual(['host001', 'host002', 'host003'].map((host) => ({ host, status: 'CHANGED' })));
    expect(result.stdout).toContain('host002 | CHANGED | rc=0 >>\ndfleet at host002');
  });

  it('accepts the Punchplatform spelling with options after the command', async () => {
    const result = await deployer(['--ssh', 'operator_servers', 'df -h /', '-u', 'dfleet', ...inv()]);
    expect(result.exitCode).toBe(0);
    expect(headers(result.stdout).map((h) => h.host)).toEqual(['host004', 'host005']);
    expect(result.stdout).toMatch(/Filesystem/);
  });

  it("accepts Ansible's form: PATTERN -m shell -a ARGS", async () => {
    const result = await deployer([...inv(), 'host001', '-m', 'shell', '-a', 'echo out; echo err >&2']);
    expect(result.stdout).toBe('host001 | CHANGED | rc=0 >>\nouterr\n');
  });

  it('the command module quotes words but expands $VARS like Ansible', async () => {
    const result = await deployer([...inv(), 'host001', '-a', 'echo "a  b" $HOME ; ls']);
    expect(result.stdout).toBe('host001 | CHANGED | rc=0 >>\na  b /home/dfleet ; ls\n');
  });

  it('reports a non-zero exit as FAILED, exits 2, and writes a retry file that -l @file re-runs', async () => {
    const cwd = tempDir();
    const failing = await deployer(['ssh', 'all', 'test {{ inventory_hostname }} = host002 || exit 3', ...inv()], { cwd });
    expect(failing.exitCode).toBe(2);
    expect(failing.stdout).toContain('host001 | FAILED | rc=3 >>\nnon-zero return code');
    const retry = path.join(cwd, 'ssh.retry');
    expect(failing.stderr).toContain(`to retry, use: --limit @${retry}`);
    expect(fs.readFileSync(retry, 'utf8').trim().split('\n').sort()).toEqual(['host001', 'host003', 'host004', 'host005']);

    const again = await deployer(['ssh', 'all', 'hostname', ...inv(), '-l', '@ssh.retry'], { cwd });
    expect(again.exitCode).toBe(0);
    expect(headers(again.stdout).map((h) => h.host)).toEqual(['host001', 'host003', 'host004', 'host005']);
    expect(fs.existsSync(retry)).toBe(false);
  });

  it('a later run on other hosts keeps the hosts still to retry; it only takes out those it ran on successfully', async () => {
    const cwd = tempDir();
    const retry = path.join(cwd, 'ssh.retry');
    const failing = await deployer(['ssh', 'host001,host002', 'test {{ inventory_hostname }} = host001 || exit 3', ...inv()], { cwd });
    expect(failing.exitCode).toBe(2);
    expect(fs.readFileSync(retry, 'utf8')).toBe('host002\n');
    // an unrelated successful run must not erase the record of host002
    expect((await deployer(['ssh', 'host001', 'true', ...inv()], { cwd })).exitCode).toBe(0);
    expect(fs.readFileSync(retry, 'utf8')).toBe('host002\n');
    // a new failure is added to what is there
    await deployer(['ssh', 'host003', 'false', ...inv()], { cwd });
    expect(fs.readFileSync(retry, 'utf8')).toBe('host002\nhost003\n');
    // retrying them all from the file clears it
    expect((await deployer(['ssh', 'all', 'true', ...inv(), '-l', '@ssh.retry'], { cwd })).exitCode).toBe(0);
    expect(fs.existsSync(retry)).toBe(false);
  });

  it('writes the retry file to retry_files_save_path', async () => {
    const cwd = tempDir();
    const saveDir = path.join(cwd, 'retries');
    fs.writeFileSync(path.join(cwd, 'ansible.cfg'), `[defaults]\nretry_files_save_path = ${saveDir}\n`);
    const result = await deployer(['ssh', 'host003', 'false', ...inv()], { cwd, env: { ANSIBLE_CONFIG: path.join(cwd, 'ansible.cfg') } });
    expect(result.stderr).toContain(`to retry, use: --limit @${path.join(saveDir, 'ssh.retry')}`);
    expect(fs.readFileSync(path.join(saveDir, 'ssh.retry'), 'utf8')).toBe('host003\n');
  });

  it('runs ansible_connection=local hosts on this machine, without SSH', async () => {
    const dir = tempDir();
    const inventory = path.join(dir, 'inventory');
    fs.writeFileSync(inventory, `[local]\ncontrol ansible_connection=local marker=here\n`);
    const result = await deployer(['ssh', 'control', 'echo {{ marker }} $PPID; echo err >&2; exit 5', '-i', inventory], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/^control \| FAILED \| rc=5 >>\nhere \d+errnon-zero return code\n$/);
  });

  it('honours retry_files_enabled = False', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'ansible.cfg'), '[defaults]\nretry_files_enabled = False\n');
    const result = await deployer(['ssh', 'host001', 'false', ...inv()], { cwd, env: { ANSIBLE_CONFIG: path.join(cwd, 'ansible.cfg') } });
    expect(result.exitCode).toBe(2);
    expect(fs.existsSync(path.join(cwd, 'ssh.retry'))).toBe(false);
  });

  it('renders {{ vars }} from inventory and -e, and names an undefined variable', async () => {
    const ok = await deployer(['ssh', 'host001', 'echo {{ install_root }}/{{ binaries_version }}/patch', '-e', 'binaries_version=punch-6.4', ...inv()]);
    expect(ok.stdout).toBe(`host001 | CHANGED | rc=0 >>\n${fleet.hosts[0].installRoot}/punch-6.4/patch\n`);
    const missing = await deployer(['ssh', 'kafka_servers', 'ls {{ install_root }}/{{ binaries_version }}', ...inv()]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toContain(
      "host001 | FAILED | rc=-1 >>\nThe task includes an option with an undefined variable. The error was: 'binaries_version' is undefined",
    );
  });

  it('prints one JSON object per host with --json', async () => {
    const result = await deployer(['ssh', 'kafka_servers', 'echo hi; test {{ inventory_hostname }} != host003', '--json', ...inv()]);
    const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(objects.map((o) => o.host).sort()).toEqual(['host001', 'host002', 'host003']);
    const failed = objects.find((o) => o.host === 'host003');
    expect(failed).toEqual({ host: 'host003', status: 'failed', rc: 1, stdout: 'hi', stderr: '', msg: 'non-zero return code', duration_ms: expect.any(Number) });
    expect(objects.find((o) => o.host === 'host001')).toMatchObject({ status: 'changed', rc: 0, stdout: 'hi' });
  });

  it('prints one line per host with -o', async () => {
    const result = await deployer(['ssh', 'host001', 'printf "a\\nb\\n"', '-o', ...inv()]);
    expect(result.stdout).toBe('host001 | CHANGED | rc=0 | (stdout) a\\nb\n');
  });
});

describe('unreachable hosts', () => {
  it('a closed port is UNREACHABLE, exit 4, and the others still run', async () => {
    const dir = tempDir();
    const inventory = path.join(dir, 'inventory');
    fs.writeFileSync(inventory, `${fs.readFileSync(fleet.inventory, 'utf8')}\n[closed]\nghost ansible_host=127.0.0.1 ansible_port=1\n`);
    const result = await deployer(['ssh', 'host001,ghost', 'true', '-i', inventory], { cwd: dir });
    expect(result.exitCode).toBe(4);
    expect(result.stdout).toContain('host001 | CHANGED | rc=0 >>');
    expect(result.stdout).toContain('ghost | UNREACHABLE! => {\n    "changed": false,\n    "msg": "Failed to connect to the host via ssh: connect to host 127.0.0.1 port 1: Connection refused",\n    "unreachable": true\n}');
    expect(fs.readFileSync(path.join(dir, 'ssh.retry'), 'utf8')).toBe('ghost\n');
  });

  it('a host whose sshd was stopped is UNREACHABLE; unreachable wins over failed in the exit code', async () => {
    const lonely = await testFleet(1);
    const dir = tempDir();
    const inventory = path.join(dir, 'inventory');
    fs.writeFileSync(inventory, `${fs.readFileSync(fleet.inventory, 'utf8')}\n[stopped]\n${fs.readFileSync(lonely.inventory, 'utf8').split('\n')[1].replace('host001', 'stopped1')}\n`);
    await lonely.stop();
    const result = await deployer(['ssh', 'host001,stopped1', 'false', '-i', inventory], { cwd: dir });
    expect(result.exitCode).toBe(4);
    expect(headers(result.stdout)).toEqual([
      { host: 'host001', status: 'FAILED' },
      { host: 'stopped1', status: 'UNREACHABLE!' },
    ]);
  });

  it('a host that accepts TCP but never answers fails on its timeout and delays no one', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const dir = tempDir();
      const inventory = path.join(dir, 'inventory');
      fs.writeFileSync(inventory, `${fs.readFileSync(fleet.inventory, 'utf8')}\n[silent]\nmute ansible_host=127.0.0.1 ansible_port=${port}\n`);
      const result = await deployer(['ssh', 'kafka_servers:mute', 'true', '-i', inventory, '-T', '2', '--json'], { cwd: dir });
      expect(result.exitCode).toBe(4);
      const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
      // results are printed as hosts finish: the live hosts come out first, not after the silent one
      expect(objects.slice(0, -1).map((o) => o.host).sort()).toEqual(['host001', 'host002', 'host003']);
      expect(objects.at(-1)).toMatchObject({ host: 'mute', status: 'unreachable', msg: expect.stringMatching(/timed out/) });
      // it waited for the 2 s timeout given, not for the default 10 s or for ever
      expect(objects.at(-1).duration_ms).toBeGreaterThanOrEqual(2000);
    } finally {
      silent.close();
    }
  });
});

describe('host keys', () => {
  function inventoryWithKnownHosts(knownHosts: string): string {
    const dir = tempDir();
    const file = path.join(dir, 'known_hosts');
    fs.writeFileSync(file, knownHosts);
    const inventory = path.join(dir, 'inventory');
    fs.writeFileSync(inventory, fs.readFileSync(fleet.inventory, 'utf8').replace(fleet.knownHosts, file));
    return inventory;
  }

  it('a changed host key makes the host UNREACHABLE, naming host, key type and fingerprint', async () => {
    const keyDir = tempDir();
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(keyDir, 'k')]);
    const fake = fs.readFileSync(path.join(keyDir, 'k.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    const h = fleet.hosts[0];
    const inventory = inventoryWithKnownHosts(`[${h.address}]:${h.port} ${fake}\n`);
    const result = await deployer(['ssh', 'host001', 'true', '-i', inventory]);
    expect(result.exitCode).toBe(4);
    const realFingerprint = (await execa('ssh-keygen', ['-lf', `${fleet.servers[0].hostKey}.pub`])).stdout.split(' ')[1];
    expect(result.stdout).toContain(`REMOTE HOST IDENTIFICATION HAS CHANGED for [${h.address}]:${h.port}: it offered ssh-ed25519 key ${realFingerprint}`);
  });

  it('an unknown host key is refused while checking is on, and accepted when it is off', async () => {
    const inventory = inventoryWithKnownHosts('');
    const strict = await deployer(['ssh', 'host001', 'true', '-i', inventory]);
    expect(strict.exitCode).toBe(4);
    expect(strict.stdout).toMatch(/Host key verification failed: no known_hosts entry for \[127\.[\d.]+\]:2222 with its ssh-ed25519 key SHA256:/);
    const relaxed = await deployer(['ssh', 'host001', 'true', '-i', inventory], { env: { ANSIBLE_HOST_KEY_CHECKING: 'False' } });
    expect(relaxed.exitCode).toBe(0);
  });

  it('reads hashed known_hosts entries', async () => {
    const inventory = inventoryWithKnownHosts(fs.readFileSync(fleet.knownHosts, 'utf8'));
    const file = path.join(path.dirname(inventory), 'known_hosts');
    await execa('ssh-keygen', ['-H', '-f', file]);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
    const result = await deployer(['ssh', 'all', 'true', '-i', inventory]);
    expect(result.exitCode).toBe(0);
  });
});

describe('become', () => {
  it('runs as root with -b for a user with password-less sudo', async () => {
    const result = await deployer(['ssh', 'host001', 'whoami', '-b', ...inv()]);
    expect(result.stdout).toBe('host001 | CHANGED | rc=0 >>\nroot\n');
    const asUser = await deployer(['ssh', 'host001', 'whoami', ...inv()]);
    expect(asUser.stdout).toBe('host001 | CHANGED | rc=0 >>\ndfleet\n');
  });

  // ansible_user in the inventory wins over -u (as in Ansible), so the user is switched with -e
  const asPasswordUser = ['-e', `ansible_user=${FLEET_PASSWORD_USER}`];

  it('answers the sudo prompt with -K / ANSIBLE_BECOME_PASSWORD and never shows the password', async () => {
    const result = await deployer(['ssh', 'host001', 'whoami; echo "$SUDO_USER"', '-b', ...asPasswordUser, ...inv()], {
      env: { ANSIBLE_BECOME_PASSWORD: FLEET_SUDO_PASSWORD },
    });
    expect(result.stdout).toBe(`host001 | CHANGED | rc=0 >>\nroot\n${FLEET_PASSWORD_USER}\n`);
    expect(result.stdout + result.stderr).not.toContain(FLEET_SUDO_PASSWORD);
  });

  it('fails clearly without the password, or with a wrong one', async () => {
    const missing = await deployer(['ssh', 'host001', 'whoami', '-b', ...asPasswordUser, ...inv()]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe('host001 | FAILED | rc=-1 >>\nMissing sudo password\n');
    const wrong = await deployer(['ssh', 'host001', 'whoami', '-b', ...asPasswordUser, ...inv()], { env: { ANSIBLE_BECOME_PASSWORD: 'not-it' } });
    expect(wrong.stdout).toBe('host001 | FAILED | rc=-1 >>\nIncorrect sudo password\n');
    expect(wrong.stdout + wrong.stderr).not.toContain('not-it');
  });

  it('-K without a terminal explains how to pass the password', async () => {
    const result = await deployer(['ssh', 'host001', 'whoami', '-b', '-K', ...inv()]);
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toMatch(/no terminal to ask on; set ANSIBLE_BECOME_PASSWORD/);
  });
});

describe('jump hosts', () => {
  it('reaches hosts through ProxyJump, with ssh2 forwarding (no OpenSSH client)', async () => {
    // a jump server of its own, logging at DEBUG1 so that its forwarding can be seen
    const jump = await testFleet(1, { logLevel: 'DEBUG1' });
    const log = jump.servers[0].log;
    // the jump host lets the fleet's client key in, as a bastion lets in the operators' key
    fs.appendFileSync(path.join(jump.dir, 'ssh', 'authorized_keys'), fs.readFileSync(`${fleet.clientKey}.pub`));
    try {
      const j = jump.hosts[0];
      const known = tempDir();
      fs.writeFileSync(path.join(known, 'known_hosts'), fs.readFileSync(fleet.knownHosts, 'utf8') + fs.readFileSync(jump.knownHosts, 'utf8'));
      const inventory = path.join(known, 'inventory');
      fs.writeFileSync(
        inventory,
        fs
          .readFileSync(fleet.inventory, 'utf8')
          .replace(`-o UserKnownHostsFile=${fleet.knownHosts}`, `-o UserKnownHostsFile=${path.join(known, 'known_hosts')} -o ProxyJump=dfleet@${j.address}:${j.port}`),
      );
      const result = await deployer(['ssh', 'kafka_servers', 'hostname', '-i', inventory]);
      expect(result.exitCode).toBe(0);
      const target = fleet.hosts[1];
      // the jump host's sshd opened the channel to the target: "server_request_direct_tcpip: ... target A port P"
      expect(fs.readFileSync(log, 'utf8')).toContain(`server_request_direct_tcpip: originator 127.0.0.1 port 0, target ${target.address} port ${target.port}`);
    } finally {
      await jump.stop();
    }
  });
});

describe('daily checks', () => {
  it('deployer df prints a table of every host, fullest first', async () => {
    const result = await deployer(['df', 'kafka_servers', '/tmp', ...inv()]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^HOST\s+FILESYSTEM\s+SIZE\s+USED\s+AVAIL\s+USE%\s+MOUNTED ON$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['host001', 'host002', 'host003']);
  });

  it('deployer ps finds processes by regex on each host, never the search itself', async () => {
    const result = await deployer(['ps', 'host001,host002', 'sshd: dfleet', ...inv()]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^HOST\s+PID\s+USER\s+STARTED\s+COMMAND\n/);
    expect(result.stdout).toMatch(/host00[12]\s+\d+\s+\S+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+sshd: dfleet/);
    const none = await deployer(['ps', 'host001', 'no-such-process-[x]yz', ...inv()]);
    expect(none.stdout).toBe('HOST  PID  USER  STARTED  COMMAND\nno matching process on: host001\n');
  });

  it('lists failed hosts after the table and exits like Ansible', async () => {
    const dir = tempDir();
    const inventory = path.join(dir, 'inventory');
    fs.writeFileSync(inventory, `${fs.readFileSync(fleet.inventory, 'utf8')}\n[closed]\nghost ansible_host=127.0.0.1 ansible_port=1\n`);
    const result = await deployer(['df', 'host001:ghost', '-i', inventory], { cwd: dir });
    expect(result.exitCode).toBe(4);
    expect(result.stdout).toMatch(/^HOST .*\nhost001 .*\nghost \| UNREACHABLE! => /s);
  });
});
