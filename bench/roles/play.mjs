#!/usr/bin/env node
/**
 * The public roles that need no internet on the host, run for real: for each, two systemd hosts
 * are booted (src/fleet/systemd-fleet.ts, loopback addresses only); ansible-playbook runs the
 * role's playbook (./prepare.mjs) on one, deployer on its twin, both twice. Per role: the recaps,
 * whether the hosts hold the same afterwards (./host-state.sh: files, units, mounts, swap) and the
 * changed count of the second runs. Prints a Markdown table (the one in docs/public-roles.md) and
 * writes WORK/play-results.json. Needs root (systemd-nspawn) and a built dist/.
 *
 * Usage: node bench/roles/play.mjs [--src DIR] [--work DIR] [--only ID,...] [--networks 68,69] [--write docs/public-roles.md]
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { only, option, src, work, writeTo } from './options.mjs';
import { ROLES, roleId } from './roles.mjs';
import { prepare } from './prepare.mjs';
import { writeDocSection } from './doc-section.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const { startSystemdFleet, stopSystemdFleet } = await import(path.join(repoRoot, 'dist/fleet/systemd-fleet.js'));
const networks = option('--networks', '68,69').split(',').map(Number);
const env = { ...process.env, ANSIBLE_CONFIG: '', ANSIBLE_NOCOLOR: '1', NO_COLOR: '1', CI: 'true', ANSIBLE_RETRY_FILES_ENABLED: 'false', ANSIBLE_PIPELINING: 'True' };

function run(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const recap = (stdout) => /^\S+\s+: (ok=.*)$/m.exec(stdout)?.[1].replace(/\s+/g, ' ').trim() ?? '(no recap)';
const changed = (stdout) => Number(/changed=(\d+)/.exec(recap(stdout))?.[1] ?? -1);
const failedTask = (stdout) => {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => /^(fatal|failed):/.test(l));
  if (at < 0) return undefined;
  const banner = lines.slice(0, at).reverse().find((l) => l.startsWith('TASK [') || l.startsWith('RUNNING HANDLER ['));
  return `${banner?.replace(/\s*\*+$/, '') ?? ''} ${lines[at].slice(0, 200)}`;
};

async function hostState(fleet) {
  const host = fleet.hosts[0];
  const script = fs.readFileSync(path.join(here, 'host-state.sh'), 'utf8');
  const ran = await new Promise((resolve) => {
    const child = spawn('ssh', ['-i', fleet.clientKey, '-o', `UserKnownHostsFile=${fleet.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-p', String(host.port), `${fleet.user}@${host.address}`, `sudo bash -s ${host.address}`]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
    child.stdin.end(script);
  });
  return ran.split('\n');
}

const results = [];
fs.mkdirSync(work, { recursive: true });
for (const role of ROLES.filter((r) => (only.length ? only.includes(roleId(r)) : r.offline))) {
  const id = roleId(role);
  const { dir, commit } = prepare(role, { src, work });
  const sides = await Promise.all(networks.map((network, i) => startSystemdFleet({ dir: path.join(work, 'fleets', `${id.replace(/[^A-Za-z0-9-]/g, '-')}-${i}`), hosts: 1, network })));
  try {
    const runs = [];
    for (let pass = 0; pass < 2; pass++) {
      runs.push(
        await Promise.all([
          run('ansible-playbook', ['-i', sides[0].inventory, 'site.yml'], dir),
          run('node', [path.join(repoRoot, 'bin/deployer.js'), 'play', '-i', sides[1].inventory, 'site.yml', '--no-progress'], dir),
        ]),
      );
    }
    const [theirs, ours] = await Promise.all(sides.map(hostState));
    const differences = [...new Set([...theirs.filter((l) => !ours.includes(l)).map((l) => `ansible only: ${l}`), ...ours.filter((l) => !theirs.includes(l)).map((l) => `deployer only: ${l}`)])];
    const result = {
      id,
      repo: role.repo,
      commit: commit.slice(0, 7),
      ansible: runs.map(([a]) => ({ code: a.code, recap: recap(a.stdout), failed: failedTask(a.stdout) })),
      deployer: runs.map(([, d]) => ({ code: d.code, recap: recap(d.stdout), failed: failedTask(d.stdout) ?? (d.code && !/PLAY RECAP/.test(d.stdout) ? d.stderr.trim().split('\n')[0] : undefined) })),
      sameRecaps: runs.every(([a, d]) => recap(a.stdout) === recap(d.stdout)),
      sameHost: differences.length === 0,
      differences: differences.slice(0, 20),
      secondChanged: { ansible: changed(runs[1][0].stdout), deployer: changed(runs[1][1].stdout) },
    };
    result.pass = result.sameRecaps && result.sameHost && runs.every(([a, d]) => a.code === 0 && d.code === 0) && result.secondChanged.deployer === 0;
    results.push(result);
    process.stderr.write(`${id}: ${result.pass ? 'PASS' : 'FAIL'} ansible [${result.ansible.map((r) => r.recap).join(' / ')}] deployer [${result.deployer.map((r) => r.recap).join(' / ')}] same host: ${result.sameHost}\n`);
    for (const line of [...result.ansible, ...result.deployer].map((r) => r.failed).filter(Boolean)) process.stderr.write(`  ${line}\n`);
    for (const line of result.differences) process.stderr.write(`  ${line}\n`);
  } finally {
    await Promise.all(sides.map((side) => stopSystemdFleet(side.dir)));
    fs.rmSync(path.join(work, 'fleets'), { recursive: true, force: true });
  }
}
fs.writeFileSync(path.join(work, 'play-results.json'), `${JSON.stringify(results, null, 2)}\n`);
const table = [];
const print = (line) => {
  table.push(line);
  console.log(line);
};
print('| role | ansible-playbook: 1st run / 2nd run | deployer: 1st run / 2nd run | same hosts afterwards | result |');
print('| --- | --- | --- | --- | --- |');
for (const r of results) {
  const side = (runs) => runs.map((x) => (x.code === 0 ? x.recap.replace(/ (unreachable|skipped|rescued|ignored)=0/g, '') : `exit ${x.code}: ${x.recap}`)).join(' / ');
  print(`| ${r.id} | ${side(r.ansible)} | ${side(r.deployer)} | ${r.sameHost ? 'yes' : `no (${r.differences.length} lines)`} | ${r.pass ? 'same, changed=0 the 2nd time' : 'differs'} |`);
}
print(`\n${results.length} roles run: ${results.filter((r) => r.pass).length} the same as ansible-playbook, with changed=0 on the second run.`);
if (writeTo) writeDocSection(writeTo, 'play', table.join('\n'));
