/**
 * The systemd fleet itself: containers booted by systemd-nspawn from the cached root filesystem,
 * each with systemd as PID 1, its own process table and sshd on its own 127.0.50.N address;
 * real units that systemd restarts; everything stopped and cleaned up by PID and cgroup.
 */
import fs from 'node:fs';
import { deployer, tempDir } from '../support/fleet.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';

let fleet: SystemdFleetState;
let dir: string;

beforeAll(async () => {
  dir = tempDir('deployer-systemd-');
  // the first run on a machine builds the root filesystem (debootstrap, about a minute or two)
  fleet = await startSystemdFleet({ dir, hosts: 3, groups: { web: [0, 1], db: [2] } });
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

const ssh = (pattern: string, command: string) => deployer(['ssh', pattern, command, '-i', fleet.inventory, '-o']);
const outputs = (stdout: string) =>
  Object.fromEntries(
    String(stdout)
      .trim()
      .split('\n')
      .map((line) => /^(\S+) \| \w+ \| rc=\d+ \| \(stdout\) (.*)$/.exec(line)!)
      .map((m) => [m[1], m[2]]),
  );

describe('the systemd fleet', () => {
  it('boots hosts whose PID 1 is systemd, each on its own address with its own name', async () => {
    const result = await ssh('all', 'echo $(ps -p 1 -o comm=) $(hostname) $(systemctl is-system-running)');
    expect(result.exitCode).toBe(0);
    expect(outputs(result.stdout)).toEqual({ node01: 'systemd node01 running', node02: 'systemd node02 running', node03: 'systemd node03 running' });
    expect(fleet.hosts.map((h) => `${h.address}:${h.port}`)).toEqual(['127.0.50.1:2222', '127.0.50.2:2222', '127.0.50.3:2222']);
  });

  it('gives each host its own process table', async () => {
    await ssh('node01', 'nohup sleep 300 >/dev/null 2>&1 &');
    const seen = outputs((await ssh('all', 'pgrep -c -x sleep || true')).stdout);
    expect(seen).toEqual({ node01: '1', node02: '0', node03: '0' });
    await ssh('node01', 'pkill -x sleep');
  });

  it('runs real units: started, killed with -9, restarted by systemd with a new main PID', async () => {
    const unit = '[Service]\\nExecStart=/bin/sleep 1000\\nRestart=always\\nRestartSec=0\\n';
    const setup = await ssh('node02', `printf '${unit}' | sudo tee /etc/systemd/system/probe.service >/dev/null && sudo systemctl daemon-reload && sudo systemctl start probe && systemctl show -p MainPID --value probe`);
    const first = Number(outputs(setup.stdout).node02);
    expect(first).toBeGreaterThan(1);
    const after = await ssh('node02', `sudo kill -9 ${first}; for i in $(seq 50); do p=$(systemctl show -p MainPID --value probe); [ "$p" != 0 ] && [ "$p" != ${first} ] && break; sleep 0.1; done; echo $p $(systemctl show -p ActiveState --value probe)`);
    const [second, state] = outputs(after.stdout).node02.split(' ');
    expect(Number(second)).not.toBe(first);
    expect(state).toBe('active');
  });

  it('writes an inventory with the groups and strict known_hosts that Ansible and deployer both use', async () => {
    const text = fs.readFileSync(fleet.inventory, 'utf8');
    expect(text).toContain('[web]\nnode01\nnode02\n');
    expect(text).toContain('StrictHostKeyChecking=yes');
    expect(fs.readFileSync(fleet.knownHosts, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('stops every container by PID and removes its cgroups', async () => {
    const pids = fleet.hosts.map((h) => h.pid);
    await stopSystemdFleet(dir);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    for (const host of fleet.hosts) for (const cgroup of host.cgroups) expect(fs.existsSync(cgroup)).toBe(false);
  }, 60_000);
});
