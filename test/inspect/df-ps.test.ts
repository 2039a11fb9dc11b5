/** The df and ps facts: pure parsers tested on real output captured from Debian 12. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dfCommand, humanSize, parseDf } from '../../src/inspect/df.js';
import { lstartToIso, matchProcesses, parsePs, PS_COMMAND } from '../../src/inspect/ps.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/facts', name), 'utf8');

describe('df', () => {
  it('asks for POSIX output in KiB', () => {
    expect(dfCommand('/data')).toBe('df -P -k /data');
    expect(dfCommand("/mnt/it's")).toBe("df -P -k '/mnt/it'\\''s'");
  });

  it('parses real df -P output', () => {
    expect(parseDf(fixture('df-debian12.txt'))).toEqual([
      { filesystem: '/dev/vda', sizeKb: 264212084, usedKb: 23720996, availableKb: 82669916, usePercent: 23, mountedOn: '/' },
      { filesystem: '/dev/vda', sizeKb: 264212084, usedKb: 23720996, availableKb: 82669916, usePercent: 23, mountedOn: '/' },
      { filesystem: 'tmpfs', sizeKb: 24684084, usedKb: 0, availableKb: 24684084, usePercent: 0, mountedOn: '/dev/shm' },
    ]);
  });

  it('keeps spaces in file system names and mount points', () => {
    const rows = parseDf(fixture('df-with-spaces.txt'));
    expect(rows.map((r) => [r.filesystem, r.mountedOn, r.usePercent])).toEqual([
      ['/dev/mapper/vg0-data', '/data', 94],
      ['//nas/share with space', '/mnt/my share', 50],
      ['overlay', '/var/lib/docker/overlay2/abc/merged', 72],
    ]);
  });

  it.each([
    [512, '512K'],
    [2048, '2.0M'],
    [23720996, '23G'],
    [264212084, '252G'],
    [5 * 1024 * 1024 * 1024, '5.0T'],
  ])('humanSize(%d) = %s', (kb, text) => {
    expect(humanSize(kb)).toBe(text);
  });
});

describe('ps', () => {
  it('runs ps behind a marker naming its own PID, in the C locale and UTC', () => {
    expect(PS_COMMAND).toBe('echo __deployer_ps_pid=$$; LC_ALL=C TZ=UTC0 exec ps -eo pid=,ppid=,user:32=,lstart=,args=');
  });

  it.each([
    ['Sun Nov 22 12:16:48 2026', '2026-11-22T12:16:48Z'],
    ['Tue Dec  1 19:37:34 2026', '2026-12-01T19:37:34Z'],
    ['Tue Feb 29 00:00:00 2028', '2028-02-29T00:00:00Z'],
    ['Thu Jan  9 23:59:59 2025', '2025-01-09T23:59:59Z'],
    ['Tue Dec 1 19:37:34 2026', '2026-12-01T19:37:34Z'],
    ['Tue Foo  1 19:37:34 2026', null],
    ['1 Dec 2026 19:37:34', null],
  ])('lstart %j is %j', (lstart, iso) => {
    expect(lstartToIso(lstart)).toBe(iso);
  });

  it('parses real ps output (a day padded to two columns) and leaves out the ps process itself', () => {
    const text = fixture('ps-debian12-utc.txt');
    expect(text).toMatch(/ Dec  1 /);
    const processes = parsePs(text);
    expect(processes.length).toBe(text.trim().split('\n').length - 2);
    expect(processes[0]).toEqual({
      pid: 1,
      ppid: 0,
      user: 'root',
      started: '2026-12-01T19:37:34Z',
      args: expect.stringMatching(/^\/process_api --firecracker-init/),
    });
    expect(processes.some((p) => p.args.includes('user:32='))).toBe(false);
    expect(processes.some((p) => p.args.startsWith('ps -eo'))).toBe(false);
  });

  it('matches command lines by regex, never kernel threads', () => {
    const processes = parsePs(fixture('ps-debian12-utc.txt'));
    expect(matchProcesses(processes, 'kworker')).toEqual([]);
    expect(matchProcesses(processes, '^/process_api').map((p) => p.pid)).toEqual([1]);
  });

  it('does not match the searching command line itself', () => {
    const own = { pid: 9, ppid: 1, user: 'root', started: '2026-11-22T12:16:48Z', args: 'node bin/deployer.js ps all java' };
    const java = { ...own, pid: 10, args: '/usr/bin/java -cp /data/opt/apache-zookeeper-3.5.7-bin/lib' };
    expect(matchProcesses([own, java], 'java', own.args)).toEqual([java]);
  });
});
