/**
 * Parity with ansible-playbook: every playbook under test/playbooks/ runs with real
 * ansible-playbook against one fleet and with `deployer play` against another (same host names,
 * same groups). Per host, the resulting files (content, mode, owner), the registered results the
 * playbooks write out, the recap counts and the exit codes must be the same. Playbooks marked
 * `# idempotent: true` run twice; the second run must change nothing. Ansible's answers are
 * remembered by their whole input (test/support/oracle-memo.ts: a changed file the playbook may read
 * or another Ansible asks again; DEPLOYER_ORACLE=fresh always asks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deployer, deployerBatch, repo, tempDir, testFleet, type TestFleet } from '../support/fleet.js';
import { ansiblePython, runOracleAsync, startOracleServer, type OracleResult, type OracleServer } from './oracle.js';
import { folderDigest, keep, recall, remembered } from '../support/oracle-memo.js';

const dir = path.join(repo, 'test/playbooks');
const playbooks = fs
  .readdirSync(dir)
  .filter((f) => /^\d+-.*\.yml$/.test(f) && !f.includes('-part'))
  .sort()
  .map((file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const header = (key: string) => new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1];
    return {
      file,
      description: header('description') ?? '',
      args: (header('args') ?? '').split(' ').filter(Boolean),
      // environment both tools run with (`# env: ANSIBLE_ROLES_PATH=a:b`), as ansible-test sets it
      env: Object.fromEntries((header('env') ?? '').split(' ').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])) as Record<string, string>,
      idempotent: header('idempotent') === 'true',
      // tasks whose output deployer words differently on purpose (the header says why)
      outputDiffers: header('output-differs')?.replace(/ \(.*\)$/, ''),
      // under the free strategy results interleave as hosts finish: each host's own lines are compared, in order
      perHost: header('output')?.startsWith('per-host') ?? false,
    };
  });

const groups = { web: [0, 1], db: [2] };
/**
 * Every file a playbook may read: itself, its parts (`21-keywords-part2.yml`) and every shared
 * file (roles, tasks, templates, ...), not the other playbooks. A change to any of them asks
 * Ansible again about this playbook; a playbook added or changed leaves the others' answers.
 */
const numberOf = (name: string) => /^(\d+)-[^/]*\.yml$/.exec(name)?.[1];
const digests = new Map<string, string>();
const inputDigest = (file: string) =>
  digests.get(file) ??
  digests
    .set(
      file,
      folderDigest(dir, (rel) => {
        const number = numberOf(rel);
        return number === undefined || number === numberOf(file);
      }),
    )
    .get(file)!;
/** Ansible prints the playbooks' absolute paths (an include's file): kept as a placeholder, an answer serves any checkout. */
const PLACE = { '<playbooks>': dir };
let ansibleFleet: TestFleet;
const controlDir = tempDir('deployer-parity-cp-');
let deployerFleet: TestFleet;
const haveAnsible = ansiblePython() !== undefined;

beforeAll(async () => {
  if (!haveAnsible) return;
  [ansibleFleet, deployerFleet] = await Promise.all([testFleet(3, { groups }), testFleet(3, { groups })]);
}, 60_000);
afterAll(async () => {
  // end the ssh masters Ansible started (ssh -O exit through each control socket)
  if (controlDir && fs.existsSync(controlDir)) {
    await Promise.all(fs.readdirSync(controlDir).map((socket) => execa('ssh', ['-O', 'exit', '-S', path.join(controlDir, socket), 'fleet'], { reject: false })));
    fs.rmSync(controlDir, { recursive: true, force: true });
  }
  await server?.close();
  await ansibleFleet?.stop();
  await deployerFleet?.stop();
});

async function reset(fleet: TestFleet): Promise<void> {
  for (const host of fleet.hosts) {
    fs.rmSync(host.installRoot, { recursive: true, force: true });
    fs.mkdirSync(host.installRoot, { recursive: true });
    if (process.getuid?.() === 0) await execa('chown', [`${fleet.user}:`, host.installRoot]);
  }
}

/** Every file under each host's install root: type, mode, owner and content, with paths made fleet-neutral. */
function snapshot(fleet: TestFleet): Record<string, Record<string, string>> {
  const neutral = (text: string) => text.split(fleet.dir).join('<fleet>');
  const result: Record<string, Record<string, string>> = {};
  for (const host of fleet.hosts) {
    const files: Record<string, string> = {};
    const walk = (current: string) => {
      for (const name of fs.readdirSync(current).sort()) {
        const full = path.join(current, name);
        const stat = fs.lstatSync(full);
        const rel = path.relative(host.installRoot, full);
        const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
        if (stat.isSymbolicLink()) files[rel] = `link -> ${neutral(fs.readlinkSync(full))}`;
        else if (stat.isDirectory()) {
          files[rel] = `dir ${mode} uid=${stat.uid}`;
          walk(full);
        } else files[rel] = `file ${mode} uid=${stat.uid}: ${neutral(fs.readFileSync(full, 'utf8'))}`;
      }
    };
    walk(host.installRoot);
    result[host.name] = files;
  }
  return result;
}

function recap(output: string): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const m of output.matchAll(/^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)/gm)) {
    const [, host, ok, changed, unreachable, failed, skipped, rescued, ignored] = m;
    result[host] = { ok: +ok, changed: +changed, unreachable: +unreachable, failed: +failed, skipped: +skipped, rescued: +rescued, ignored: +ignored };
  }
  return result;
}

/**
 * The output with times and fleet-specific paths and addresses neutralized, as is the after-header
 * of a diff (Ansible names its own temporary file there); an include's hosts sorted.
 */
function neutral(output: string, fleet: TestFleet): string {
  return output
    .split(fleet.dir)
    .join('<fleet>')
    .replace(/"(start|end|delta)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/\(127\.\d+\.\d+\.\d+\)/g, '(<address>)')
    .replace(/^\+\+\+ after: .*$/gm, '+++ after: <source>')
    // Ansible names the hosts of an include in the order their results came back
    .replace(/^(included: .* for )(.*?)( => \(item=.*\))?$/gm, (_line, head: string, hosts: string, item = '') => head + hosts.split(', ').sort().join(', ') + item);
}

/**
 * The default callback's output, cut at its banners (PLAY, TASK, RUNNING HANDLER, RECAP). Hosts
 * report in the order they finish, so a section's lines are compared sorted.
 */
function outputSections(output: string, fleet: TestFleet, skipTask?: string): [string, string[]][] {
  const text = neutral(output, fleet);
  const sections: [string, string[]][] = [];
  for (const line of text.split('\n')) {
    if (/^[A-Z].*\*{3}$/.test(line)) sections.push([line.replace(/\s*\*+$/, ''), []]);
    else if (line.trim() && sections.length) sections[sections.length - 1][1].push(line);
  }
  return sections.filter(([banner]) => !skipTask || !banner.includes(`[${skipTask}]`)).map(([banner, lines]) => [banner, lines.sort()]);
}

/**
 * The output as each host saw it (the free strategy): per host, its lines in order, each with the
 * banner it came under; an include's line counts for every host it names, without a banner.
 */
function hostSequences(output: string, fleet: TestFleet): Record<string, string[]> {
  const sequences: Record<string, string[]> = {};
  const add = (host: string, line: string) => (sequences[host] ??= []).push(line);
  let banner = '';
  let last: string[] = [];
  for (const line of neutral(output, fleet).split('\n')) {
    if (/^[A-Z].*\*{3}$/.test(line)) {
      banner = line.replace(/\s*\*+$/, '');
      last = [];
      continue;
    }
    if (banner.startsWith('PLAY RECAP') || !line.trim()) continue;
    const result = /^\w+: \[([^\]]+)\]/.exec(line);
    const included = /^included: .* for (.*?)(?: => \(item=.*\))?$/.exec(line);
    if (result) last = [result[1]];
    else if (included) last = included[1].split(', ');
    else if (!/^\s|^[}\]]/.test(line)) last = [];
    // an include's line has no banner of its own: it comes under whichever was printed last (free: another host's)
    for (const host of last) add(host, included ? line.replace(/ for .*$/, '') : `${banner} | ${line}`);
  }
  return sequences;
}

/** The environment both tools run with; Ansible's ssh masters (ControlPersist, as Ansible users run it) live in a folder of the test, ended through their sockets when the tests end. */
function runEnv(extraEnv: Record<string, string>): Record<string, string> {
  return {
    ANSIBLE_CONFIG: path.join(dir, 'none.cfg'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_PIPELINING: 'True',
    ...extraEnv,
  };
}

/**
 * ansible-playbook's run: in a fork of one Python that has imported Ansible with the suite's
 * environment (test/compat/ansible_oracle.py --serve: the same CLI code, its start paid once); a
 * playbook with an environment of its own runs the ansible-playbook command itself.
 */
let server: OracleServer | undefined;
async function runAnsible(args: string[], extraEnv: Record<string, string> = {}): Promise<{ stdout: string; exitCode: number }> {
  const argv = ['ansible-playbook', '-i', ansibleFleet.inventory, ...args];
  if (Object.keys(extraEnv).length) {
    const run = await execa(argv[0], argv.slice(1), { cwd: dir, env: runEnv(extraEnv), reject: false });
    return { stdout: run.stdout, exitCode: run.exitCode ?? 1 };
  }
  server ??= startOracleServer(runEnv({}));
  const run = await server.run({ cwd: dir, argv });
  return { stdout: run.stdout.replace(/\n$/, ''), exitCode: run.rc };
}
const runOurs = (args: string[], extraEnv: Record<string, string> = {}) => deployer(['play', '-i', deployerFleet.inventory, ...args], { cwd: dir, env: runEnv(extraEnv) });

async function runBoth(args: string[], extraEnv: Record<string, string> = {}) {
  const [ansible, ours] = await Promise.all([runAnsible(args, extraEnv), runOurs(args, extraEnv)]);
  return { ansible, ours };
}

/** What a run left: its output (fleet paths neutral), exit code and every file of the hosts. */
interface RunResult {
  stdout: string;
  exitCode: number;
  files: Record<string, Record<string, string>>;
}

/** Ansible's runs of a playbook (the second one for an idempotent playbook), remembered by their whole input (oracle-memo.ts). */
function ansibleRuns(args: string[], extraEnv: Record<string, string>, twice: boolean): Promise<RunResult[]> {
  const input = { playbooks: inputDigest(args[0]), args, extraEnv, twice, hosts: 3, groups };
  return remembered(input, PLACE, async () => {
    await reset(ansibleFleet);
    const results: RunResult[] = [];
    for (let n = twice ? 2 : 1; n > 0; n--) {
      const run = await runAnsible(args, extraEnv);
      results.push({ stdout: run.stdout.split(ansibleFleet.dir).join('<fleet>'), exitCode: run.exitCode, files: snapshot(ansibleFleet) });
    }
    return results;
  });
}

async function deployerRuns(args: string[], extraEnv: Record<string, string>, twice: boolean): Promise<RunResult[]> {
  await reset(deployerFleet);
  const results: RunResult[] = [];
  for (let n = twice ? 2 : 1; n > 0; n--) {
    const run = await runOurs(args, extraEnv);
    results.push({ stdout: String(run.stdout), exitCode: run.exitCode ?? 1, files: snapshot(deployerFleet) });
  }
  return results;
}

(haveAnsible ? describe : describe.skip).each(playbooks)('$file: $description', ({ file, args, env, idempotent, outputDiffers, perHost }) => {
  it('ends with the same files, registered results, recap, output and exit code as ansible-playbook', async () => {
    const [[ansible, ansibleAgain], [ours, oursAgain]] = await Promise.all([ansibleRuns([file, ...args], env, idempotent), deployerRuns([file, ...args], env, idempotent)]);
    expect(recap(ansible.stdout)).not.toEqual({});
    expect({ recap: recap(ours.stdout), exitCode: ours.exitCode }).toEqual({ recap: recap(ansible.stdout), exitCode: ansible.exitCode });
    expect(ours.files).toEqual(ansible.files);
    if (perHost) expect(hostSequences(ours.stdout, deployerFleet)).toEqual(hostSequences(ansible.stdout, ansibleFleet));
    else expect(outputSections(ours.stdout, deployerFleet, outputDiffers)).toEqual(outputSections(ansible.stdout, ansibleFleet, outputDiffers));
    if (idempotent) {
      const second = recap(oursAgain.stdout);
      expect(second).toEqual(recap(ansibleAgain.stdout));
      for (const counts of Object.values(second)) expect(counts.changed).toBe(0);
      expect(oursAgain.files).toEqual(ansibleAgain.files);
    }
  }, 240_000); // an idempotent playbook runs four times, beside another test file (two at a time)
});

(haveAnsible ? describe : describe.skip)('--list-tasks, --list-tags, --list-hosts print what ansible-playbook prints', () => {
  const modes = [['--list-tasks'], ['--list-tags'], ['--list-tasks', '-t', 'deploy'], ['--list-tags', '--skip-tags', 'always'], ['--list-hosts']];
  const cases = playbooks.flatMap(({ file, env: playbookEnv }) => modes.map((mode) => [file, mode, playbookEnv] as const));
  const env = { ANSIBLE_CONFIG: path.join(dir, 'none.cfg') };
  // the oracle reads Ansible's settings once: playbooks with an environment of their own run ansible-playbook itself
  const ownEnv = (playbookEnv: Record<string, string>) => Object.keys(playbookEnv).length > 0;
  // Ansible's answers are remembered as the runs' are; those not kept yet come from one Python
  // process that imports Ansible once (the oracle), deployer's from two Node processes beside it
  const inputOf = ([file, mode, playbookEnv]: (typeof cases)[number]) => ({ list: mode, playbook: inputDigest(file), file, env: playbookEnv });
  let ansible: OracleResult[];
  let ours: string[];
  beforeAll(async () => {
    const known = cases.map((c) => recall<OracleResult>(inputOf(c), PLACE));
    const missing = cases.flatMap((c, index) => (known[index] === undefined ? [index] : []));
    const throughOracle = missing.filter((index) => !ownEnv(cases[index][2]));
    const oracle = throughOracle.length === 0 ? Promise.resolve([]) : runOracleAsync(throughOracle.map((index) => ({ cwd: dir, argv: ['ansible-playbook', '-i', 'localhost,', cases[index][0], ...cases[index][1]] })));
    const calls = cases.map(([file, mode, playbookEnv]) => ({ argv: ['play', '-i', 'localhost,', file, ...mode], cwd: dir, env: { ...env, ...playbookEnv } }));
    const half = Math.ceil(calls.length / 2);
    const [first, second] = await Promise.all([deployerBatch(calls.slice(0, half)), deployerBatch(calls.slice(half))]);
    ours = [...first, ...second].map((r) => r.stdout);
    const answers = new Map<number, OracleResult>();
    (await oracle).forEach((answer, n) => answers.set(throughOracle[n], answer));
    for (const index of missing.filter((i) => ownEnv(cases[i][2]))) {
      const [file, mode, playbookEnv] = cases[index];
      const run = await execa('ansible-playbook', ['-i', 'localhost,', file, ...mode], { cwd: dir, env: { ...env, ANSIBLE_NOCOLOR: '1', ...playbookEnv }, reject: false, stripFinalNewline: false });
      answers.set(index, { rc: run.exitCode ?? 1, stdout: run.stdout, stderr: run.stderr });
    }
    for (const [index, answer] of answers) keep(inputOf(cases[index]), answer, PLACE);
    ansible = cases.map((_c, index) => known[index] ?? answers.get(index)!);
  }, 300_000);
  it.each(cases.map(([file, mode], index) => [file, mode, index] as const))('%s %j', (_file, _mode, index) => {
    expect(ours[index]).toBe(ansible[index].stdout);
  });
});

(haveAnsible ? describe : describe.skip)('-v shows every result as ansible-playbook -v does', () => {
  it('prints the same lines for 02-when-conditions.yml on one host', async () => {
    await Promise.all([reset(ansibleFleet), reset(deployerFleet)]);
    const { ansible, ours } = await runBoth(['02-when-conditions.yml', '-v', '-l', 'host001']);
    const neutral = (text: string, fleet: TestFleet) =>
      text
        .split(fleet.dir)
        .join('<fleet>')
        .split('\n')
        .filter((line) => !line.startsWith('Using ') && !/"(start|end|delta)":/.test(line));
    expect(neutral(String(ours.stdout), deployerFleet)).toEqual(neutral(`${ansible.stdout}\n`, ansibleFleet));
  }, 120_000);
});
