/**
 * The health gate's script (playbooks/files/health_check.sh) on a real systemd host: each kind of
 * check against real units (a web server, a process that logs when ready, one that answers then
 * dies, one that fails), passing and failing, with the words a user reads when it fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repo, tempDir } from '../support/fleet.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';

/** A port that never completes a handshake: its backlog is full, and nothing accepts (SYNs are dropped). */
const STUCK_LISTENER = [
  'import socket, sys, time',
  's = socket.socket(); s.bind((sys.argv[1], 9104)); s.listen(0); held = []',
  'for _ in range(3):',
  '    c = socket.socket(); c.setblocking(False); c.connect_ex((sys.argv[1], 9104)); held.append(c)',
  'time.sleep(600)',
];

/** A web server whose answer comes in two parts: the status line, then, a moment later, the rest. */
const SLOW_SERVER = [
  'import http.server, sys, time',
  'class Handler(http.server.BaseHTTPRequestHandler):',
  '    def do_GET(self):',
  '        self.send_response(200); self.end_headers(); time.sleep(0.3); self.wfile.write(b"ok" * 50000)',
  'http.server.HTTPServer((sys.argv[1], 9103), Handler).serve_forever()',
];

let fleet: SystemdFleetState;
let dir: string;
let address: string;

/** A bash script run as root on the host (sent on its input), its exit code and output. */
async function onHost(script: string) {
  const host = fleet.hosts[0];
  const ssh = ['-q', '-i', fleet.clientKey, '-o', `UserKnownHostsFile=${fleet.knownHosts}`, '-o', 'BatchMode=yes', '-p', String(host.port), `${fleet.user}@${host.address}`];
  return execa('ssh', [...ssh, 'sudo bash -s'], { reject: false, input: script });
}
const check = (args: string) => onHost(`bash /tmp/health_check.sh ${args}`);
/** Starts the unit that answers for two seconds, then dies (exit 3, no restart), and checks it at once. */
const DIES = `systemd-run -q --unit=dies sh -c 'timeout 2 python3 -m http.server 9102 --bind ADDRESS; exit 3' && for i in $(seq 50); do bash -c 'exec 3<>/dev/tcp/ADDRESS/9102' 2>/dev/null && break; sleep 0.05; done;`;

beforeAll(async () => {
  dir = tempDir('deployer-health-');
  fleet = await startSystemdFleet({ dir, hosts: 1, network: 58 });
  address = fleet.hosts[0].address;
  const script = fs.readFileSync(path.join(repo, 'playbooks/files/health_check.sh')).toString('base64');
  expect((await onHost(`base64 -d > /tmp/health_check.sh <<'EOF'\n${script}\nEOF`)).exitCode).toBe(0);
  const units = [
    `mkdir -p /tmp/www && echo ok > /tmp/www/health`,
    `systemd-run -q --unit=web python3 -m http.server 9100 --bind ${address} --directory /tmp/www`,
    `systemd-run -q --unit=logger sh -c 'echo starting; sleep 1; echo "ready on 9101"; exec sleep 600'`,
    `systemd-run -q --unit=fails false`,
    // answers its status line at once and the rest of its answer a moment later
    `printf '%s\\n' ${SLOW_SERVER.map((line) => `'${line}'`).join(' ')} > /tmp/slow.py`,
    `systemd-run -q --unit=slow python3 /tmp/slow.py ${address}`,
    `printf '%s\\n' ${STUCK_LISTENER.map((line) => `'${line}'`).join(' ')} > /tmp/stuck.py`,
    `systemd-run -q --unit=stuck python3 /tmp/stuck.py ${address}`,
  ];
  expect((await onHost(units.join(' && '))).exitCode).toBe(0);
  // the web server answers before the first check
  await execa('bash', ['-c', `for i in $(seq 50); do (exec 3<>/dev/tcp/${address}/9100) 2>/dev/null && exit 0; sleep 0.1; done; exit 1`], { shell: false });
}, 120_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

describe('health_check.sh', () => {
  // one host, many units: the cases run side by side (each waits on its own timeout)
  it.concurrent.each([
    ['tcp: the port answers', '--unit web --timeout 5 --host ADDRESS --tcp 9100', 0, /^web healthy after 0\.\d s: tcp ADDRESS:9100 open$/],
    ['tcp: HOST:PORT', '--unit web --timeout 5 --tcp ADDRESS:9100', 0, /^web healthy after 0\.\d s: tcp ADDRESS:9100 open$/],
    ['tcp: nothing listens', '--unit web --timeout 1 --host ADDRESS --tcp 9199', 1, /^not healthy within 1 s: tcp ADDRESS:9199: Connection refused\nlast lines of its log:\n/],
    // each attempt is given 2 s (bash's /dev/tcp alone would wait for the kernel's retries)
    ['tcp: the handshake never completes', '--unit stuck --timeout 1 --host ADDRESS --tcp 9104', 1, /^not healthy within 1 s: tcp ADDRESS:9104: timed out\nlast lines of its log:\n/],
    ['http: 200', '--unit web --timeout 5 --http http://ADDRESS:9100/health', 0, /^web healthy after 0\.\d s: http http:\/\/ADDRESS:9100\/health answered 200$/],
    ['http: 404 is not healthy', '--unit web --timeout 0.5 --http http://ADDRESS:9100/missing', 1, /^not healthy within 0\.5 s: http http:\/\/ADDRESS:9100\/missing: answered 404\n/],
    ['http: nothing listens', '--unit web --timeout 0.5 --http http://ADDRESS:9198/', 1, /^not healthy within 0\.5 s: http http:\/\/ADDRESS:9198\/: Connection refused\n/],
    ['command: exits 0', "--unit web --timeout 5 --command 'test -f /tmp/www/health'", 0, /^web healthy after 0\.\d s: command succeeded$/],
    ['command: exits non-zero, with what it printed', "--unit web --timeout 0.5 --command 'echo no such file >&2; exit 4'", 1, /^not healthy within 0\.5 s: command exited 4: no such file\n/],
    ['log: a line of the main process matches (a Perl regex)', "--unit logger --timeout 10 --log 'ready on \\d+'", 0, /^logger healthy after \d\.\d s: log matched 'ready on \\d\+'$/],
    ['log: no line matches', "--unit logger --timeout 0.5 --log 'never printed'", 1, /^not healthy within 0\.5 s: no log line of process \d+ matches 'never printed' yet\nlast lines of its log:\n[\s\S]*\bstarting\n/],
    // a unit that answers for two seconds, then exits with an error (no restart), started just before
    ['min-healthy: answers, then dies', `--unit dies --timeout 5 --min-healthy 3 --host ADDRESS --tcp 9102`, 1, /^healthy after 0\.\d s, then not within min_healthy_time \(3 s\): (dies failed \(exit-code\)|dies is (deactivating|inactive)|tcp ADDRESS:9102: Connection refused)\n/],
    ['min-healthy: stays healthy', '--unit web --timeout 5 --min-healthy 1.5 --host ADDRESS --tcp 9100', 0, /^web healthy after 0\.\d s, and stayed so 1\.5 s: tcp ADDRESS:9100 open$/],
    ['a failed unit: at once, not after the timeout', '--unit fails --timeout 30 --tcp 9100', 1, /^fails failed \(exit-code\)\nlast lines of its log:\n/],
    ['a unit that does not run', '--unit nothere --timeout 0.5 --tcp 9100', 1, /^not healthy within 0\.5 s: nothere is inactive\n/],
    ['a unit with no check: active is healthy', '--unit web --timeout 5', 0, /^web healthy after 0\.\d s: active$/],
  ])('%s', async (_what, args, code, expected) => {
    const before = args.startsWith('--unit dies') ? DIES : '';
    const result = await onHost(`${before} bash /tmp/health_check.sh ${args}`.replace(/ADDRESS/g, address));
    const said = `${result.stdout}${result.stderr}`;
    expect({ code: result.exitCode, said }).toEqual({ code, said: expect.stringMatching(new RegExp(expected.source.replace(/ADDRESS/g, address.replace(/\./g, '\\.')))) });
  }, 60_000);

  it('http: reads the whole answer, so that the server logs no broken connection', async () => {
    for (let i = 0; i < 3; i++) expect((await check(`--unit slow --timeout 5 --http http://${address}:9103/health`)).exitCode).toBe(0);
    const log = await onHost('journalctl -u slow -o cat --no-pager');
    expect(log.stdout).toContain('"GET /health HTTP/1.0" 200');
    expect(log.stdout).not.toMatch(/Exception|Broken pipe|Connection reset/);
  }, 60_000);

  it('refuses bad arguments, saying why', async () => {
    expect(await check('--unit web --tcp 1 --http http://x/')).toMatchObject({ exitCode: 2, stderr: 'health_check.sh: one of --tcp, --http, --command, --log' });
    expect(await check('--timeout 5')).toMatchObject({ exitCode: 2, stderr: 'health_check.sh: --unit is required' });
    expect(await check('--unit web --port 1')).toMatchObject({ exitCode: 2, stderr: 'health_check.sh: unknown argument --port' });
  }, 60_000);
});
