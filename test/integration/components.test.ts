/**
 * The example platform's components are real daemons: built into versioned release archives by
 * bin/build-archives.sh, unpacked side by side, each knows its version from its release folder,
 * answers its health check, logs when it is ready, and stops on SIGTERM.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { repo, tempDir } from '../support/fleet.js';

let archives: string;
beforeAll(async () => {
  archives = tempDir('deployer-archives-');
  await execa('bash', [path.join(repo, 'bin/build-archives.sh'), archives]);
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const get = (port: number, route: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: route }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });

function unpack(version: string): string {
  const root = tempDir('deployer-opt-');
  execaSync('tar', ['-xzf', path.join(archives, `app-${version}.tar.gz`), '-C', root]);
  return path.join(root, `app-${version}`);
}

describe('release archives', () => {
  it('hold one top folder named after the release', async () => {
    const listing = (await execa('tar', ['-tzf', path.join(archives, 'app-1.1.0.tar.gz')])).stdout.split('\n');
    expect(listing.every((entry) => entry.startsWith('app-1.1.0/'))).toBe(true);
    expect(listing).toEqual(expect.arrayContaining(['app-1.1.0/bin/app', 'app-1.1.0/conf/app.conf', 'app-1.1.0/RELEASE']));
  });

  it('are the same bytes when built again', async () => {
    const again = tempDir('deployer-archives-');
    await execa('bash', [path.join(repo, 'bin/build-archives.sh'), again, 'app:1.0.0']);
    expect(fs.readFileSync(path.join(again, 'app-1.0.0.tar.gz'))).toEqual(fs.readFileSync(path.join(archives, 'app-1.0.0.tar.gz')));
  });
});

describe('the app daemon', () => {
  it.each(['1.0.0', '2.0.0'])('version %s answers its health check with the version of its folder, logs when ready, stops on TERM', async (version) => {
    const port = await freePort();
    const daemon = execa(path.join(unpack(version), 'bin/app'), ['--listen', `127.0.0.1:${port}`], { reject: false });
    // the first line of its output, however the pipe cuts it
    const ready = await new Promise<string>((resolve) => {
      let text = '';
      daemon.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text);
      });
    });
    expect(ready).toBe(`app ${version} started on 127.0.0.1:${port} (hello)\n`);
    expect(await get(port, '/health')).toEqual({ status: 200, body: `ok ${version}\n` });
    expect(await get(port, '/version')).toEqual({ status: 200, body: `${version}\n` });
    expect((await get(port, '/nothing')).status).toBe(404);
    daemon.kill('SIGTERM');
    expect((await daemon).exitCode).toBe(0);
  });

  it('fails at start when its configuration says so (for health-gate tests)', async () => {
    const release = unpack('1.1.0');
    fs.writeFileSync(path.join(release, 'conf/app.conf'), 'fail_at_start=true\n');
    const result = await execa(path.join(release, 'bin/app'), ['--listen', '127.0.0.1:1'], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('app 1.1.0: configured to fail at start');
  });
});
