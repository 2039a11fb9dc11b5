#!/usr/bin/env node
/**
 * Runs ansible-core's POSIX integration targets (tag v2.14.17) the way `ansible-test integration`
 * runs them with the local connection, once with real Ansible and once with deployer in place of
 * `ansible-playbook` and `ansible`, and writes a table of the results (issue 24).
 *
 *   node bench/ansible-targets/run.mjs [--source DIR] [--tool ansible|deployer|both]
 *        [--targets a,b,...] [--timeout SECONDS] [--rerun] [--table FILE]
 *        [--results DIR] [--deployer BIN] [--doc FILE [--before DIR] [--command TEXT]]
 *
 * --source: the folder holding ansible-core's `test/` at that tag (default /var/tmp/ansible-2.14.17).
 *   When it is missing, `--git DIR` (a clone of ansible/ansible) is used to extract it with
 *   `git archive`; nothing of it is copied into this repository.
 * Real Ansible's results are cached in --results (default /var/tmp/ansible-targets): a target it has
 * already run is not run again unless --rerun. deployer's results are kept there too, per target,
 * so a run on a few targets updates their rows only. --doc writes docs/ansible-targets.md from
 * the results (--before DIR: the counts of an earlier deployer run kept in DIR), and copies its
 * table into README.md (readme.mjs).
 * How each target runs (what ansible-test does, see ../../docs/ansible-targets.md):
 *  - a fresh temporary folder whose name ends in non-ASCII letters, holding test/integration/
 *    {inventory, integration.cfg, targets/<the target and the targets it needs>}, a fresh OUTPUT_DIR;
 *  - the inventory `testhost` in `testgroup` with the local connection;
 *  - a clean environment (PATH, HOME, LC_ALL) plus ansible-test's ANSIBLE_* variables;
 *  - setup targets (aliases setup/once/X, setup/always/X) first, then the target: `./runme.sh` in
 *    its folder, or for a role target a generated playbook (hosts: testhost, the role) run with
 *    ANSIBLE_ROLES_PATH=targets;
 *  - for deployer, `ansible-playbook` and `ansible` on the PATH are shims running
 *    `node bin/deployer.js play ...` and `node bin/deployer.js adhoc ...`; every other program
 *    (ansible-inventory, ansible-config, python, ...) is the machine's own.
 */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outOfScopeReason } from './scope.mjs';
import { firstErrorLine } from './errors.mjs';
import { writeTable } from './table.mjs';
import { writeDoc } from './doc.mjs';
import { syncReadme } from './readme.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const TAG = 'v2.14.17';
const UNICODE_SUFFIX = '-\u00c5\u00d1\u015a\u00cc\u03b2\u0141\u00c8';

function parseArgs(argv) {
  const options = { source: '/var/tmp/ansible-2.14.17', tool: 'both', timeout: 600, results: '/var/tmp/ansible-targets', rerun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--source') options.source = value();
    else if (arg === '--git') options.git = value();
    else if (arg === '--tool') options.tool = value();
    else if (arg === '--targets') options.targets = value().split(',').filter(Boolean);
    else if (arg === '--timeout') options.timeout = Number(value());
    else if (arg === '--results') options.results = value();
    else if (arg === '--rerun') options.rerun = true;
    else if (arg === '--table') options.table = value();
    else if (arg === '--deployer') options.deployer = value();
    else if (arg === '--doc') options.doc = value();
    else if (arg === '--before') options.before = value();
    else if (arg === '--command') options.command = value();
    else throw new Error(`unknown option ${arg}`);
  }
  if (!['ansible', 'deployer', 'both', 'none'].includes(options.tool)) throw new Error(`--tool must be ansible, deployer, both or none`);
  options.deployer ??= path.join(repo, 'bin/deployer.js');
  return options;
}

function ensureSource(options) {
  const targets = path.join(options.source, 'test/integration/targets');
  if (fs.existsSync(targets)) return;
  if (!options.git) throw new Error(`${targets} is missing: extract ansible-core ${TAG} there, or pass --git CLONE to extract it`);
  fs.mkdirSync(options.source, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', options.git, 'archive', TAG, 'test/integration', 'test/support/integration'], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', options.source], { input: archive });
}

/** A target's aliases without comments and blank lines. */
function readAliases(dir) {
  const file = path.join(dir, 'aliases');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
}

function loadTargets(source) {
  const root = path.join(source, 'test/integration/targets');
  const targets = new Map();
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const aliases = readAliases(dir);
    const script = fs.existsSync(path.join(dir, 'runme.sh'));
    const hidden = name.startsWith('setup_') || name.startsWith('prepare_') || aliases.includes('hidden');
    const after = (prefix) => aliases.filter((a) => a.startsWith(prefix)).map((a) => a.split('/')[2]);
    targets.set(name, {
      name,
      dir,
      aliases,
      script,
      hidden,
      posix: aliases.some((a) => a.startsWith('shippable/posix/')),
      setupOnce: [...new Set(after('setup/once/'))].sort(),
      setupAlways: [...new Set(after('setup/always/'))].sort(),
      needs: after('needs/target/'),
      gatherFacts: !aliases.includes('gather_facts/no'),
    });
  }
  return targets;
}

/** Every file under dir (links not followed). */
function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    out.push(full);
    if (entry.isDirectory()) walk(full, out);
  }
  return out;
}

/** The targets a target needs copied beside it, as ansible-test finds them, transitively. */
function dependencies(targets, name) {
  const direct = (target) => {
    const found = new Set([...target.setupOnce, ...target.setupAlways, ...target.needs]);
    const realRoot = fs.realpathSync(path.dirname(target.dir)) + '/';
    for (const file of walk(target.dir)) {
      if (fs.lstatSync(file).isSymbolicLink()) {
        let real;
        try { real = fs.realpathSync(file); } catch { continue; }
        if (real.startsWith(realRoot)) found.add(real.slice(realRoot.length).split('/')[0]);
      }
    }
    const meta = path.join(target.dir, 'meta');
    if (fs.existsSync(meta)) {
      for (const file of walk(meta).filter((f) => fs.statSync(f).isFile())) {
        for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
          if (/^ *#/.test(line) || !line.trim()) continue;
          for (const other of targets.values()) if (other.hidden && !other.script && line.includes(other.name)) found.add(other.name);
        }
      }
    }
    found.delete(target.name);
    return found;
  };
  const all = new Set();
  const queue = [name];
  while (queue.length) {
    const current = targets.get(queue.pop());
    if (!current) continue;
    for (const dep of direct(current)) if (!all.has(dep) && dep !== name) { all.add(dep); queue.push(dep); }
  }
  return [...all].sort();
}

/** Once per machine: the en_US.UTF-8 locale in a private LOCPATH, as ansible-test's containers have it. */
function ensureLocale(results) {
  const locpath = path.join(results, 'locale');
  if (!fs.existsSync(path.join(locpath, 'en_US.UTF-8'))) {
    fs.mkdirSync(locpath, { recursive: true });
    execFileSync('localedef', ['-i', 'en_US', '-f', 'UTF-8', path.join(locpath, 'en_US.UTF-8')], { stdio: 'ignore' });
  }
  return locpath;
}

/** Programs ansible-test puts first on the PATH: `python` and `virtualenv.sh` (a venv over the system packages). */
function writeInjector(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync('/usr/bin/python3', path.join(dir, 'python'));
  fs.writeFileSync(
    path.join(dir, 'virtualenv.sh'),
    '# sourced by runme.sh: a fresh venv in OUTPUT_DIR that sees the system packages, activated\n' +
      'rm -rf "${OUTPUT_DIR}/venv"\n/usr/bin/python3 -m venv --system-site-packages "${OUTPUT_DIR}/venv"\n' +
      'set +ux\n. "${OUTPUT_DIR}/venv/bin/activate"\nset -ux\n',
  );
}

function writeShims(dir, deployer) {
  fs.mkdirSync(dir, { recursive: true });
  const shim = (name, command) => {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\nexec ${process.execPath} ${deployer} ${command} "$@"\n`, { mode: 0o755 });
  };
  shim('ansible-playbook', 'play');
  shim('ansible', 'adhoc');
}

const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs one target (its setup targets first) with one tool; returns { result, seconds, exitCode, log }. */
async function runTarget(targets, options, name, tool, locpath) {
  const work = path.join(options.results, 'work');
  fs.mkdirSync(work, { recursive: true });
  const session = fs.mkdtempSync(path.join(work, `${name}-${tool}-`));
  const outputDir = path.join(session, 'output_dir');
  const home = path.join(session, 'home');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh/authorized_keys'), '');
  const injector = path.join(session, 'injector');
  writeInjector(injector);
  let pathVar = `${injector}:${BASE_PATH}`;
  if (tool === 'deployer') {
    writeShims(path.join(session, 'shims'), options.deployer);
    pathVar = `${path.join(session, 'shims')}:${pathVar}`;
  }
  const log = path.join(options.results, 'logs', tool, `${name}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const logFd = fs.openSync(log, 'w');
  const deadline = Date.now() + options.timeout * 1000;
  const started = Date.now();
  const target = targets.get(name);
  const steps = [...target.setupOnce, ...target.setupAlways].map((s) => ({ name: s, setup: true })).concat([{ name, setup: false }]);
  let outcome = { result: 'pass', exitCode: 0 };
  for (const step of steps) {
    fs.rmSync(outputDir, { recursive: true, force: true });
    fs.mkdirSync(outputDir, { recursive: true });
    fs.writeSync(logFd, `### ${step.setup ? 'setup target' : 'target'} ${step.name}\n`);
    outcome = await runStep(targets, options, step.name, { session, outputDir, home, pathVar, locpath, logFd, deadline });
    if (outcome.result !== 'pass') break;
  }
  fs.closeSync(logFd);
  fs.rmSync(session, { recursive: true, force: true });
  return { ...outcome, seconds: Math.round((Date.now() - started) / 100) / 10, log };
}

async function runStep(targets, options, name, context) {
  const target = targets.get(name);
  const root = `${fs.mkdtempSync(path.join(context.session, `${name}-`))}${UNICODE_SUFFIX}`;
  fs.mkdirSync(root);
  const integration = path.join(root, 'test/integration');
  const targetsDir = path.join(integration, 'targets');
  fs.mkdirSync(targetsDir, { recursive: true });
  for (const copy of [name, ...dependencies(targets, name)]) {
    fs.cpSync(targets.get(copy).dir, path.join(targetsDir, copy), { recursive: true, verbatimSymlinks: true });
  }
  const inventory = path.join(integration, 'inventory');
  fs.writeFileSync(inventory, '[testgroup]\ntesthost ansible_connection="local" ansible_pipelining="yes" ansible_python_interpreter="/usr/bin/python3"\n');
  const config = path.join(integration, 'integration.cfg');
  fs.writeFileSync(config, '');
  const plugins = path.join(options.source, 'test/support/integration/plugins');
  const env = {
    LC_ALL: 'en_US.UTF-8',
    LOCPATH: context.locpath,
    PATH: context.pathVar,
    HOME: context.home,
    ANSIBLE_PYTHON_MODULE_RLIMIT_NOFILE: '1024',
    ANSIBLE_FORCE_COLOR: 'false',
    ANSIBLE_FORCE_HANDLERS: 'true',
    ANSIBLE_HOST_PATTERN_MISMATCH: 'error',
    ANSIBLE_INVENTORY: '/dev/null',
    ANSIBLE_DEPRECATION_WARNINGS: 'false',
    ANSIBLE_HOST_KEY_CHECKING: 'false',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_CONFIG: config,
    ANSIBLE_DEVEL_WARNING: 'false',
    PAGER: '/bin/cat',
    ANSIBLE_WORKER_SHUTDOWN_POLL_COUNT: '100',
    ANSIBLE_WORKER_SHUTDOWN_POLL_DELAY: '0.1',
    ANSIBLE_PYTHON_INTERPRETER: '/set/ansible_python_interpreter/in/inventory',
    ANSIBLE_LIBRARY: path.join(plugins, 'modules'),
    ANSIBLE_FILTER_PLUGINS: path.join(plugins, 'filter'),
    ANSIBLE_MODULE_UTILS: path.join(plugins, 'module_utils'),
    ANSIBLE_TEST_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_TEST_PYTHON_VERSION: '3.11',
    JUNIT_OUTPUT_DIR: path.join(context.session, 'junit'),
    JUNIT_TASK_RELATIVE_PATH: root,
    JUNIT_REPLACE_OUT_OF_TREE_PATH: 'out-of-tree:',
    ANSIBLE_CALLBACKS_ENABLED: 'junit',
    ANSIBLE_TEST_CI: 'local',
    ANSIBLE_TEST_COVERAGE: '',
    OUTPUT_DIR: context.outputDir,
    INVENTORY_PATH: inventory,
  };
  let command;
  let cwd;
  if (target.script) {
    cwd = path.join(targetsDir, name);
    command = ['./runme.sh'];
    env.ANSIBLE_PLAYBOOK_DIR = cwd;
  } else {
    cwd = integration;
    const play = { gather_facts: target.gatherFacts, hosts: 'testhost', roles: [name], vars: { output_dir: context.outputDir }, vars_files: [] };
    const playbook = `${name}-${Math.random().toString(36).slice(2, 10)}.yml`;
    fs.writeFileSync(path.join(integration, playbook), JSON.stringify([play], null, 4));
    command = ['ansible-playbook', playbook, '-i', 'inventory'];
    env.ANSIBLE_PLAYBOOK_DIR = cwd;
    env.ANSIBLE_ROLES_PATH = targetsDir;
  }
  const remaining = context.deadline - Date.now();
  if (remaining <= 0) return { result: 'timeout', exitCode: null };
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', context.logFd, context.logFd], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, remaining);
    child.on('error', (error) => {
      clearTimeout(timer);
      fs.writeSync(context.logFd, `harness: ${error.message}\n`);
      resolve({ result: 'fail', exitCode: null });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // whatever the target left running in its process group ends with it
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
      resolve({ result: timedOut ? 'timeout' : code === 0 ? 'pass' : 'fail', exitCode: code });
    });
  });
}

/** What a target leaves on the machine that the next run must not find (ansible-test's containers are fresh). */
function cleanMachine() {
  try { execFileSync('id', ['local_ansibulluser'], { stdio: 'ignore' }); } catch { return; }
  try { execFileSync('userdel', ['-r', 'local_ansibulluser'], { stdio: 'ignore' }); } catch { /* best effort */ }
}

function readResults(file) {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/** A tool's results with each failure's reason read again from its log (the reasoning may have improved since). */
function readWithReasons(dir, tool) {
  const results = readResults(path.join(dir, `results-${tool}.json`));
  for (const [name, entry] of Object.entries(results)) {
    const log = path.join(dir, 'logs', tool, `${name}.log`);
    if (entry.result === 'fail' && fs.existsSync(log)) entry.error = firstErrorLine(fs.readFileSync(log, 'utf8'));
  }
  return results;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureSource(options);
  fs.mkdirSync(options.results, { recursive: true });
  const locpath = ensureLocale(options.results);
  const targets = loadTargets(options.source);
  const posix = [...targets.values()].filter((t) => t.posix);
  const inScope = posix.filter((t) => !outOfScopeReason(t.name)).map((t) => t.name);
  const selected = options.targets ?? inScope;
  for (const name of selected) if (!targets.has(name)) throw new Error(`no target ${name}`);
  const tools = options.tool === 'both' ? ['ansible', 'deployer'] : options.tool === 'none' ? [] : [options.tool];
  const files = Object.fromEntries(tools.map((tool) => [tool, path.join(options.results, `results-${tool}.json`)]));
  // one target at a time, each under every tool before the next target
  for (const name of selected) {
    for (const tool of tools) {
      const results = readResults(files[tool]);
      if (tool === 'ansible' && results[name] && !options.rerun) continue;
      process.stderr.write(`${tool} ${name} ... `);
      const outcome = await runTarget(targets, options, name, tool, locpath);
      cleanMachine();
      const text = fs.readFileSync(outcome.log, 'utf8');
      results[name] = {
        result: outcome.result,
        seconds: outcome.seconds,
        exitCode: outcome.exitCode,
        error: outcome.result === 'pass' ? undefined : outcome.result === 'timeout' ? `timed out after ${options.timeout} s` : firstErrorLine(text),
        at: new Date().toISOString(),
      };
      fs.writeFileSync(files[tool], JSON.stringify(results, null, 1));
      process.stderr.write(`${outcome.result} (${outcome.seconds} s)\n`);
    }
  }
  const table = writeTable({
    inScope,
    outOfScope: posix.filter((t) => outOfScopeReason(t.name)).map((t) => ({ name: t.name, reason: outOfScopeReason(t.name) })),
    ansible: readResults(path.join(options.results, 'results-ansible.json')),
    deployer: readWithReasons(options.results, 'deployer'),
  });
  if (options.table) fs.writeFileSync(options.table, table);
  else if (!options.doc) process.stdout.write(table);
  if (options.doc) {
    fs.writeFileSync(options.doc, writeDoc({
      command: options.command ?? `bench/ansible-targets/run.sh ${process.argv.slice(2).filter((a, i, all) => !['--doc', '--before'].includes(a) && !['--doc', '--before'].includes(all[i - 1])).join(' ')}`.trim(),
      inScope,
      outOfScope: posix.filter((t) => outOfScopeReason(t.name)).map((t) => ({ name: t.name, reason: outOfScopeReason(t.name) })),
      ansible: readResults(path.join(options.results, 'results-ansible.json')),
      deployer: readWithReasons(options.results, 'deployer'),
      before: options.before ? readResults(path.join(options.before, 'results-deployer.json')) : undefined,
    }));
    if (path.resolve(options.doc) === path.join(repo, 'docs/ansible-targets.md')) syncReadme();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
