/** The `deployer` binary as users run it: option placement, help, config discovery, errors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/deployer.js');
const example = path.join(repo, 'test/fixtures/cli/example-inventory');

function deployer(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa('node', [bin, ...args], {
    cwd: options.cwd ?? repo,
    env: { ANSIBLE_CONFIG: '', NO_COLOR: '1', ...options.env },
    reject: false,
  });
}

const hostsOf = (stdout: string) => stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);

describe('deployer inventory', () => {
  it.each([
    [['inventory', '-i', example, '--list-hosts', 'kafka_back']],
    [['inventory', '--list-hosts', 'kafka_back', '-i', example]],
    [['inventory', 'kafka_back', '--list-hosts', '--inventory', example]],
  ])('accepts options before or after positionals: %j', async (args) => {
    const result = await deployer(args);
    expect(result.exitCode).toBe(0);
    expect(hostsOf(result.stdout)).toEqual(['kafka4.platform.local', 'kafka5.platform.local']);
  });

  it('merges repeated -i sources in order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-cli-'));
    fs.writeFileSync(path.join(dir, 'extra'), '[kafka_back]\nkafka6.platform.local\n');
    const result = await deployer(['inventory', '-i', example, '-i', path.join(dir, 'extra'), '--list-hosts', 'kafka_back']);
    expect(hostsOf(result.stdout)).toEqual(['kafka4.platform.local', 'kafka5.platform.local', 'kafka6.platform.local']);
  });

  it('finds the inventory through ./ansible.cfg, relative to the config file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-cfg-'));
    fs.mkdirSync(path.join(dir, 'inv'));
    fs.writeFileSync(path.join(dir, 'inv/hosts'), '[web]\nweb1\nweb2\n');
    fs.writeFileSync(path.join(dir, 'ansible.cfg'), '[defaults]\ninventory = inv/hosts ; the site inventory\n');
    const result = await deployer(['inventory', '--list-hosts', 'web'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(hostsOf(result.stdout)).toEqual(['web1', 'web2']);
  });

  it('honours ANSIBLE_CONFIG and lets ANSIBLE_INVENTORY win over it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-cfg-'));
    fs.writeFileSync(path.join(dir, 'a'), '[web]\nfrom_cfg\n');
    fs.writeFileSync(path.join(dir, 'b'), '[web]\nfrom_env\n');
    fs.writeFileSync(path.join(dir, 'custom.cfg'), `[defaults]\ninventory = ${path.join(dir, 'a')}\n`);
    const viaConfig = await deployer(['inventory', '--list-hosts', 'web'], { env: { ANSIBLE_CONFIG: path.join(dir, 'custom.cfg') } });
    expect(hostsOf(viaConfig.stdout)).toEqual(['from_cfg']);
    const viaEnv = await deployer(['inventory', '--list-hosts', 'web'], {
      env: { ANSIBLE_CONFIG: path.join(dir, 'custom.cfg'), ANSIBLE_INVENTORY: path.join(dir, 'b') },
    });
    expect(hostsOf(viaEnv.stdout)).toEqual(['from_env']);
  });

  it('writes --list to a file with --output', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-out-')), 'inv.json');
    const result = await deployer(['inventory', '-i', example, '--list', '--output', out]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).kafka_back.hosts).toEqual(['kafka4.platform.local', 'kafka5.platform.local']);
  });

  it('explains a malformed inventory in one line with file and line, exit 1, no stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-bad-'));
    fs.writeFileSync(path.join(dir, 'hosts'), '[web]\nweb1\n[web servers]\n');
    const result = await deployer(['inventory', '-i', path.join(dir, 'hosts'), '--list']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ERROR! ${path.join(dir, 'hosts')}:3: Invalid section entry: '[web servers]'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
    );
  });

  it('rejects conflicting or missing actions as an options error (exit 5)', async () => {
    const none = await deployer(['inventory', '-i', example]);
    expect(none.exitCode).toBe(5);
    expect(none.stderr).toMatch(/No action selected/);
    const both = await deployer(['inventory', '-i', example, '--list', '--graph']);
    expect(both.exitCode).toBe(5);
    expect(both.stderr).toMatch(/Conflicting options/);
  });

  it('rejects unknown options with a hint, exit 5', async () => {
    const result = await deployer(['inventory', '--lsit']);
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toMatch(/unknown option '--lsit'/);
    expect(result.stderr).toMatch(/--list/);
  });
});

describe('help', () => {
  it('deployer --help lists the commands', async () => {
    const result = await deployer(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/inventory/);
  });

  it('deployer inventory --help explains options and gives examples', async () => {
    const result = await deployer(['inventory', '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/--list-hosts/);
    expect(result.stdout).toMatch(/Examples:/);
  });
});
