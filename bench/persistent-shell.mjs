// What a task costs on a systemd host, two ways: a session and `sudo` per task (what deployer's
// transport does now), against one privileged shell per host held open, each task written to it
// and framed by a marker (what Mitogen does for Ansible). Same connections, same commands; wall
// time and the whole machine's busy CPU (/proc/stat: the containers' sshd, sudo and shells too).
// Usage: node bench/persistent-shell.mjs SYSTEMD_FLEET_DIR [TASKS_PER_HOST] [COMMAND]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';

const [dir, tasksArg = '20', command = 'test -d /run/systemd/system'] = process.argv.slice(2);
const tasks = Number(tasksArg);
const fleet = JSON.parse(fs.readFileSync(path.join(dir, 'systemd-fleet.json'), 'utf8'));
const privateKey = fs.readFileSync(fleet.clientKey);

const connect = (host) =>
  new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('ready', () => resolve(client)).on('error', reject);
    client.connect({ host: host.address, port: host.port, username: fleet.user, privateKey, readyTimeout: 60000 });
  });

const exec = (client, line) =>
  new Promise((resolve, reject) =>
    client.exec(line, (error, stream) => {
      if (error) return reject(error);
      let out = '';
      stream.on('data', (d) => (out += d)).stderr.on('data', () => {});
      stream.on('close', (code) => resolve({ code, out }));
    }),
  );

/** A session and sudo per task, as deployer's become does it. */
async function perTask(client) {
  for (let i = 0; i < tasks; i++) {
    const marker = `BECOME-SUCCESS-${crypto.randomBytes(12).toString('hex')}`;
    const { code, out } = await exec(client, `sudo -n -u root /bin/sh -c 'echo ${marker}; ${command}'`);
    if (code !== 0 || !out.includes(marker)) throw new Error(`task failed: ${code}`);
  }
}

/** One `sudo sh` per host; each task's end and exit code written after it on stdout. */
function persistent(client) {
  return new Promise((resolve, reject) =>
    client.exec('sudo -n -u root /bin/sh', (error, stream) => {
      if (error) return reject(error);
      let buffer = '';
      let done = 0;
      let marker = '';
      const next = () => {
        if (done === tasks) return stream.end('exit 0\n');
        marker = `TASK-END-${crypto.randomBytes(12).toString('hex')}`;
        stream.write(`( ${command} ) </dev/null; printf '\\n${marker} %d\\n' $?\n`);
      };
      stream.stderr.on('data', () => {});
      stream.on('data', (data) => {
        buffer += data;
        const match = buffer.match(new RegExp(`\\n${marker} (\\d+)\\n`));
        if (!match) return;
        if (match[1] !== '0') return reject(new Error(`task failed: ${match[1]}`));
        buffer = buffer.slice(match.index + match[0].length);
        done++;
        next();
      });
      stream.on('close', () => (done === tasks ? resolve() : reject(new Error('the shell ended early'))));
      next();
    }),
  );
}

const busy = () => {
  const [, user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
};

const clients = await Promise.all(fleet.hosts.map(connect));
const rows = [];
for (const [name, way] of [['session + sudo per task', perTask], ['one privileged shell per host', persistent]]) {
  const [cpu0, t0] = [busy(), performance.now()];
  await Promise.all(clients.map(way));
  const [wall, cpu] = [(performance.now() - t0) / 1000, busy() - cpu0];
  rows.push({ name, wall, cpu });
}
for (const client of clients) client.end();
const count = fleet.hosts.length * tasks;
console.log(`${fleet.hosts.length} hosts × ${tasks} tasks of \`${command}\``);
console.log('| way | wall | machine CPU | CPU per task |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.wall.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${((1000 * r.cpu) / count).toFixed(1)} ms |`);
