/** stat's reading of the host's answers into Ansible's stat result. */
import { readStat } from '../../src/modules/stat.js';

const options = { follow: false, checksum: 'sha1', md5: false, mime: true, attributes: true };
const fileLine = 'S|81a4|0|0|11|1234|2049|1|1796685919|2026-12-07 23:25:19.697509894 +0000|1796685900|2026-12-07 23:25:00.5 +0000|1796685900|2026-12-07 23:25:00.000000000 +0000|8|4096|0|0|root|root';

describe("stat's result", () => {
  it('a readable regular file: every key of Ansible\'s, times as CPython computes them', () => {
    const output = [fileLine, 'R', 'W', 'C|2aae6c35c94fcfb415dbe95f408b9ce91ee846ed', 'M|/tmp/foo:bar.txt: text/plain; charset=us-ascii', 'A|1960234821 --------------e------- /tmp/foo:bar.txt', ''].join('\n');
    expect(readStat('/tmp/foo:bar.txt', output, options)).toEqual({
      stat: {
        exists: true, path: '/tmp/foo:bar.txt', mode: '0644',
        isdir: false, ischr: false, isblk: false, isreg: true, isfifo: false, islnk: false, issock: false,
        uid: 0, gid: 0, size: 11, inode: 1234, dev: 2049, nlink: 1,
        atime: 1796685919 + 697509894 * 1e-9, mtime: 1796685900.5, ctime: 1796685900,
        wusr: true, rusr: true, xusr: false, wgrp: false, rgrp: true, xgrp: false, woth: false, roth: true, xoth: false, isuid: false, isgid: false,
        blocks: 8, block_size: 4096, device_type: 0, readable: true, writeable: true, executable: false,
        pw_name: 'root', gr_name: 'root', checksum: '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed',
        mimetype: 'text/plain', charset: 'us-ascii', version: '1960234821', attributes: ['extents'], attr_flags: 'e',
      },
    });
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['a symbolic link', 'S|a1ff|1000|1000|9|5|2049|1|1|x|1|x|1|x|0|4096|0|0|UNKNOWN|UNKNOWN\nL|/tmp/target\nT|target', { islnk: true, isreg: false, mode: '0777', lnk_source: '/tmp/target', lnk_target: 'target' }],
    ['/dev/null', 'S|21b6|0|0|0|4|5|1|1|x|1|x|1|x|0|4096|1|3|root|root', { ischr: true, device_type: 259 }],
    ['no file program, lsattr failing', fileLine, { mimetype: 'unknown', charset: 'unknown', version: null, attributes: [], attr_flags: '' }],
  ])('%s', (_case, output, expected) => {
    expect(readStat('/p', output, options).stat).toMatchObject(expected);
  });

  it('an id without a name: no pw_name, no gr_name', () => {
    const stat = readStat('/p', 'S|a1ff|1000|1000|9|5|2049|1|1|x|1|x|1|x|0|4096|0|0|UNKNOWN|UNKNOWN', options).stat!;
    expect('pw_name' in stat || 'gr_name' in stat).toBe(false);
  });

  it.each<[string, { stat?: object; msg?: string }]>([
    ["E|stat: cannot statx '/nope': No such file or directory", { stat: { exists: false } }],
    ["E|stat: cannot statx '/f/x': Not a directory", { msg: 'Not a directory' }],
    ["E|stat: cannot statx '/root/x': Permission denied", { msg: 'Permission denied' }],
  ])('%s', (output, expected) => {
    expect(readStat('/p', output, options)).toEqual(expected);
  });
});
