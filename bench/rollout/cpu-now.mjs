// The CPU this machine has spent so far, in seconds, as one line: all of it (/proc/stat: user,
// nice, system, irq, softirq, steal), the hosts' systemd (each container's init.scope: unit
// loading, reloads, starting and stopping), and everything run over SSH on the hosts (each
// container's ssh.service: sshd, sudo, shells and the commands and modules they run).
// Usage: node bench/rollout/cpu-now.mjs FLEET_DIR   (bench/rollout.sh subtracts two readings)
import fs from 'node:fs';
import path from 'node:path';

const [fleetDir] = process.argv.slice(2);
const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
// /proc/stat counts in USER_HZ (100 per second on Linux)
const machine = (user + nice + system + irq + softirq + steal) / 100;
const usage = (dir) => {
  const stat = path.join(dir, 'cpu.stat');
  return fs.existsSync(stat) ? Number(/usage_usec (\d+)/.exec(fs.readFileSync(stat, 'utf8'))[1]) / 1e6 : 0;
};
const hosts = JSON.parse(fs.readFileSync(path.join(fleetDir, 'systemd-fleet.json'), 'utf8')).hosts;
// the cgroup v2 hierarchy is the one whose folders have cpu.stat (hybrid machines have several)
const payloads = hosts.flatMap((h) => h.cgroups.filter((dir) => fs.existsSync(path.join(dir, 'cpu.stat'))).map((dir) => path.join(dir, 'payload')));
const sum = (unit) => payloads.reduce((total, dir) => total + usage(path.join(dir, unit)), 0);
console.log([machine, sum('init.scope'), sum('system.slice/ssh.service')].map((s) => s.toFixed(2)).join(' '));
