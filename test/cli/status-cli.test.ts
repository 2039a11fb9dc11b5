/**
 * `deployer status` as a command: what it says when it cannot read the status (bad settings,
 * an unknown component, no host), hosts that refuse the connection, and its table coloured on
 * a terminal and plain in pipes. The states themselves are tested on systemd hosts
 * (test/integration/status.test.ts) and on captured output (test/engine/status-rows.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { statusText } from '../../src/cli/commands/status-run.js';
import type { StatusRow } from '../../src/engine/status/rows.js';
import { deployer, tempDir } from '../support/fleet.js';

// nothing listens on port 1 of these loopback addresses: every connection is refused at once
const SETTINGS = `platform: { name: shop, install_root: /opt/shop }
vars: { ansible_port: 1, ansible_user: nobody }
hosts:
  web1: { ansible_host: 127.0.9.1 }
  web2: { ansible_host: 127.0.9.2 }
components:
  web:
    version: 2.1.0
    clusters: { front: { hosts: [web1, web2] } }
    service: { exec_start: "{{ install_dir }}/bin/web" }
`;

function conf(text = SETTINGS): string {
  const dir = tempDir('deployer-status-cli-');
  fs.writeFileSync(path.join(dir, 'deployment.yml'), text);
  return dir;
}

describe('deployer status, the command', () => {
  it('hosts that refuse the connection are unreachable rows, and the exit code is critical (2)', async () => {
    const result = await deployer(['status'], { cwd: conf() });
    expect(result.exitCode).toBe(2);
    expect(String(result.stdout)).toContain('  web1  2.1.0    -           -        unreachable    -  -        Failed to connect to the host via ssh: connect to host 127.0.9.1 port 1: Connection refused\n');
    expect(String(result.stdout)).toContain('  no host runs web\n');
    expect(String(result.stdout)).toContain('2 rows: 2 unreachable\n');
  });

  it('settings with a problem: file:line, and exit 3 (unknown) for a monitoring check', async () => {
    const result = await deployer(['status'], { cwd: conf(SETTINGS.replace('version: 2.1.0', 'version: [2, 1]')) });
    expect(result.exitCode).toBe(3);
    expect(String(result.stderr)).toMatch(/deployment\.yml:8:.*components\.web\.version/);
    expect(String(result.stderr)).not.toMatch(/\n\s+at /);
  });

  it('an unknown component is a bad option (5), with the components there are', async () => {
    const result = await deployer(['status', '-c', 'webb'], { cwd: conf() });
    expect(result.exitCode).toBe(5);
    expect(String(result.stderr)).toContain("-c webb: no such component (did you mean 'web'?) (the settings have web)");
  });

  it('a pattern that selects no host of a component says so (3)', async () => {
    const result = await deployer(['status', 'nohost'], { cwd: conf() });
    expect(result.exitCode).toBe(3);
    expect(String(result.stderr)).toContain('no host of nohost runs a component of the settings');
  });
});

describe('the status table', () => {
  const row = (host: string, state: StatusRow['state'], running: string | null): StatusRow => ({
    host, component: 'web', desired: '2.1.0', configured: '2.1.0', running, state, unit: null, desiredRelease: 'web-2.1.0', configuredRelease: 'web-2.1.0',
    runningRelease: running && `web-${running}`, process: null, others: [], patch: null,
  });
  const rows = [row('web1', 'ok', '2.1.0'), row('web2', 'restart pending', '2.0.0'), row('web3', 'not running', null)];

  it('is plain text for pipes and NO_COLOR', () => {
    const text = statusText(rows, false);
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).toContain('  web2  2.1.0    2.1.0       2.0.0    restart pending    -  -\n');
  });

  it('colours the state on a terminal, and keeps the columns aligned', () => {
    const text = statusText(rows, true);
    expect(text).toContain('\x1b[33mrestart pending\x1b[39m');
    expect(text).toContain('\x1b[31mnot running    \x1b[39m');
    // without the colour codes, the coloured table is the plain one (bar the bold component name)
    expect(text.replace(/\x1b\[\d+m/g, '')).toBe(statusText(rows, false));
  });
});
