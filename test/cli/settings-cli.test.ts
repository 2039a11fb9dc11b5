/**
 * The settings commands as users run them: where the settings are found, `validate`,
 * `generate-inventory` (and its Punchplatform spellings), `graph`, and every inventory-taking
 * command falling back to the generated inventory, regenerated when the settings changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/deployer.js');
const example = path.join(repo, 'examples/platform/deployment.yml');

/** The user's environment without Ansible's or deployer's own variables, so that only the test's count. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANSIBLE_|DEPLOYER_)/.test(name)));

function deployer(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [bin, ...args], { cwd, env: { ...cleanEnv, NO_COLOR: '1', ...env }, extendEnv: false, reject: false, stripFinalNewline: false });
}

/** A configuration folder holding a copy of the example settings. */
function confDir(text = fs.readFileSync(example, 'utf8'), name = 'deployment.yml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-conf-'));
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
const generated = (dir: string) => path.join(dir, 'generated_inventory/current-deployment.inv');
const hostsOf = (stdout: string) => stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);

describe('finding the settings', () => {
  it.each<[string, (dir: string, elsewhere: string) => { args: string[]; env?: Record<string, string>; cwd: 'dir' | 'elsewhere' }]>([
    ['deployment.yml in the current folder', () => ({ args: [], cwd: 'dir' })],
    ['--conf-dir', (dir) => ({ args: ['--conf-dir', dir], cwd: 'elsewhere' })],
    ['DEPLOYER_CONF_DIR', (dir) => ({ args: [], env: { DEPLOYER_CONF_DIR: dir }, cwd: 'elsewhere' })],
    ['--settings', (dir) => ({ args: ['--settings', path.join(dir, 'deployment.yml')], cwd: 'elsewhere' })],
    ['DEPLOYER_SETTINGS', (dir) => ({ args: [], env: { DEPLOYER_SETTINGS: path.join(dir, 'deployment.yml') }, cwd: 'elsewhere' })],
  ])('through %s', async (_how, how) => {
    const dir = confDir();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-cwd-'));
    const { args, env, cwd } = how(dir, elsewhere);
    const result = await deployer(['validate', ...args], cwd === 'dir' ? dir : elsewhere, env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/: valid \(4 components, 5 clusters, 9 hosts\)\n$/);
    expect(result.exitCode).toBe(0);
  });

  it('--settings wins over DEPLOYER_SETTINGS, which wins over the configuration folder', async () => {
    const good = confDir();
    const bad = confDir('platform: {}\n');
    const viaOption = await deployer(['validate', '--settings', path.join(good, 'deployment.yml')], bad, { DEPLOYER_SETTINGS: path.join(bad, 'deployment.yml') });
    expect(viaOption.exitCode).toBe(0);
    const viaEnv = await deployer(['validate'], bad, { DEPLOYER_SETTINGS: path.join(good, 'deployment.yml') });
    expect(viaEnv.exitCode).toBe(0);
  });

  it('accepts JSON settings (deployment.json)', async () => {
    const yaml = (await import('yaml')).parse(fs.readFileSync(example, 'utf8'));
    const dir = confDir(JSON.stringify(yaml, null, 2), 'deployment.json');
    const result = await deployer(['validate'], dir);
    expect(result.stdout).toBe('deployment.json: valid (4 components, 5 clusters, 9 hosts)\n');
  });

  it('reports JSON mistakes at their line and column too', async () => {
    const dir = confDir('{\n  "platform": {"name": "demo", "install_root": "/opt"},\n  "hosts": {"a": {}},\n  "components": {"web": {"version": 1, "clusters": {"main": {"hosts": ["b"]}}}}\n}\n', 'deployment.json');
    const result = await deployer(['validate'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      'ERROR! deployment.json: 2 errors, nothing was done:',
      "deployment.json:4:37: components.web.version: expected a version string (quote numbers: '3.10' would read as 3.1), got the number 1",
      "deployment.json:4:72: components.web.clusters.main.hosts[0]: unknown host 'b' (did you mean 'a'?); every host must be declared under hosts",
      '',
    ]);
  });

  it('names what is missing when there are no settings', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-empty-'));
    const result = await deployer(['validate'], empty);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(`ERROR! No deployment settings: no deployment.yml in ${empty} (use --settings FILE, DEPLOYER_SETTINGS or --conf-dir DIR)\n`);
    const named = await deployer(['validate', '--settings', 'nope.yml'], empty);
    expect(named.stderr).toBe('ERROR! Settings file not found: nope.yml\n');
  });
});

describe('deployer validate', () => {
  it('reports every problem at once with file:line:column, exit 1, no stack trace, writes nothing', async () => {
    const dir = confDir(fs.readFileSync(example, 'utf8').replace('hosts: [zk1.platform.local, zk2', 'hosts: [zk1.platform.local, zk9').replace('depends_on: [kafka]', 'depends_on: [kafak]'));
    const result = await deployer(['validate'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ERROR! deployment\.yml: 2 errors, nothing was done:\n/);
    expect(result.stderr).toContain("deployment.yml:36:37: components.zookeeper.clusters.zkm.hosts[1]: unknown host 'zk9.platform.local' (did you mean 'zk1.platform.local'?)");
    expect(result.stderr).toContain("deployment.yml:65:18: components.shiva.depends_on[0]: unknown component 'kafak' (did you mean 'kafka'?)");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'generated_inventory'))).toBe(false);
  });
});

describe('deployer generate-inventory', () => {
  it.each([['generate-inventory'], ['-gi'], ['--generate-inventory']])('%s writes generated_inventory/current-deployment.inv', async (spelling) => {
    const dir = confDir();
    const result = await deployer([spelling], dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('generated_inventory/current-deployment.inv written (from deployment.yml, 9 hosts)\n');
    expect(fs.readFileSync(generated(dir), 'utf8')).toMatch(/^# Ansible inventory generated by deployer/);
  });

  it('gives the same bytes for the same settings, wherever they are, and says when nothing changed', async () => {
    const a = confDir();
    const b = confDir();
    await deployer(['-gi'], a);
    await deployer(['generate-inventory', '--conf-dir', b], os.tmpdir());
    expect(fs.readFileSync(generated(a))).toEqual(fs.readFileSync(generated(b)));
    const again = await deployer(['-gi'], a);
    expect(again.stdout).toBe('generated_inventory/current-deployment.inv unchanged (from deployment.yml, 9 hosts)\n');
  });

  it('names the settings file and its sha256 in the header', async () => {
    const dir = confDir();
    await deployer(['-gi'], dir);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(fs.readFileSync(path.join(dir, 'deployment.yml'))).digest('hex');
    expect(fs.readFileSync(generated(dir), 'utf8').split('\n').slice(2, 5)).toEqual(['# settings: deployment.yml', `# sha256: ${hash}`, '# format: 2']);
  });

  it('leaves the previous inventory untouched when the settings become invalid', async () => {
    const dir = confDir();
    await deployer(['-gi'], dir);
    const before = fs.readFileSync(generated(dir), 'utf8');
    fs.appendFileSync(path.join(dir, 'deployment.yml'), '  broken:\n    version: 1.0.0\n    clusters: { main: { hosts: [nobody] } }\n');
    const result = await deployer(['-gi'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("components.broken.clusters.main.hosts[0]: unknown host 'nobody'");
    expect(fs.readFileSync(generated(dir), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(dir, 'generated_inventory'))).toEqual(['current-deployment.inv']);
  });

  it('is no more readable than the settings (it holds their variables), also one written before', async () => {
    const dir = confDir();
    fs.chmodSync(path.join(dir, 'deployment.yml'), 0o600);
    await deployer(['-gi'], dir);
    expect(fs.statSync(generated(dir)).mode & 0o777).toBe(0o600);
    fs.chmodSync(generated(dir), 0o644);
    expect((await deployer(['-gi'], dir)).stdout).toContain('unchanged');
    expect(fs.statSync(generated(dir)).mode & 0o777).toBe(0o600);
  });

  it('fails cleanly when the inventory cannot be written, leaving no temporary file', async () => {
    const dir = confDir();
    // a folder where the inventory file should be: the final rename fails, even for root
    fs.mkdirSync(path.join(generated(dir), 'in-the-way'), { recursive: true });
    const result = await deployer(['-gi'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^ERROR! Cannot write .*current-deployment\.inv: (EISDIR|ENOTEMPTY|EEXIST); the previous inventory, if any, is unchanged\n$/);
    expect(fs.readdirSync(path.join(dir, 'generated_inventory'))).toEqual(['current-deployment.inv']);
    expect(fs.readdirSync(generated(dir))).toEqual(['in-the-way']);
  });
});

describe('deployer graph', () => {
  it('prints the deploy order in layers', async () => {
    const result = await deployer(['graph', '--settings', example], repo);
    expect(result.stdout).toBe(
      [
        'deploy order of demo (components on one line may go in parallel):',
        '  1. zookeeper 3.8.4 (zkm: 3 hosts)',
        '  2. kafka 2.8.1 (front: 3 hosts, back: 2 hosts)',
        '  3. shiva 6.4.5 (local: 3 hosts), punchplatform_operator 6.4.5 (main: 1 host)',
        '  kafka depends on zookeeper',
        '  shiva depends on kafka',
        '  punchplatform_operator depends on zookeeper, kafka',
        '',
      ].join('\n'),
    );
  });

  it('--dot prints DOT that Graphviz renders', async () => {
    const result = await deployer(['graph', '--dot', '--settings', example], repo);
    const svg = await execa('dot', ['-Tsvg'], { input: result.stdout });
    expect(svg.stdout).toContain('<title>punchplatform_operator&#45;&gt;kafka</title>');
  });

  it('refuses a cycle with its path and the place of each edge', async () => {
    const dir = confDir(fs.readFileSync(example, 'utf8').replace('    depends_on: [zookeeper]\n', '    depends_on: [zookeeper, shiva]\n'));
    const result = await deployer(['graph'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      [
        'ERROR! deployment.yml: 1 error, nothing was done:',
        'deployment.yml:48:29: components.kafka.depends_on[1]: cycle: kafka -> shiva -> kafka',
        '  deployment.yml:48:29: kafka depends on shiva',
        '  deployment.yml:65:18: shiva depends on kafka',
        '',
      ].join('\n'),
    );
  });
});

describe('commands that take -i use the generated inventory by default', () => {
  it('generates it on first use and uses it', async () => {
    const dir = confDir();
    const result = await deployer(['inventory', '--list-hosts', 'kafka_back'], dir);
    expect(result.stderr).toBe('');
    expect(hostsOf(result.stdout)).toEqual(['kafka4.platform.local', 'kafka5.platform.local']);
    expect(fs.existsSync(generated(dir))).toBe(true);
  });

  it('regenerates a stale one, and says so', async () => {
    const dir = confDir();
    await deployer(['-gi'], dir);
    fs.writeFileSync(path.join(dir, 'deployment.yml'), fs.readFileSync(path.join(dir, 'deployment.yml'), 'utf8').replace('hosts: [kafka4.platform.local, kafka5.platform.local]', 'hosts: [kafka5.platform.local]'));
    const result = await deployer(['inventory', '--list-hosts', 'kafka_back'], dir);
    expect(result.stderr).toBe('[WARNING]: generated_inventory/current-deployment.inv was regenerated: deployment.yml changed since it was written\n');
    expect(hostsOf(result.stdout)).toEqual(['kafka5.platform.local']);
  });

  it('refuses to use invalid settings (and does not fall back to an older inventory)', async () => {
    const dir = confDir();
    await deployer(['-gi'], dir);
    fs.appendFileSync(path.join(dir, 'deployment.yml'), 'extra: true\n');
    const result = await deployer(['inventory', '--list-hosts', 'all'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("deployment.yml:83:1: extra: unknown key 'extra'");
  });

  it('-i, ANSIBLE_INVENTORY and ansible.cfg still win over the settings', async () => {
    const dir = confDir();
    fs.writeFileSync(path.join(dir, 'hosts'), '[web]\nweb1\n');
    expect(hostsOf((await deployer(['inventory', '--list-hosts', 'all', '-i', 'hosts'], dir)).stdout)).toEqual(['web1']);
    expect(hostsOf((await deployer(['inventory', '--list-hosts', 'all'], dir, { ANSIBLE_INVENTORY: path.join(dir, 'hosts') })).stdout)).toEqual(['web1']);
    fs.writeFileSync(path.join(dir, 'ansible.cfg'), '[defaults]\ninventory = hosts\n');
    expect(hostsOf((await deployer(['inventory', '--list-hosts', 'all'], dir)).stdout)).toEqual(['web1']);
    expect(fs.existsSync(generated(dir))).toBe(false);
  });
});
