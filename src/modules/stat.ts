/**
 * stat: what Ansible's stat module reports of a path, read with one shell script on the host
 * (coreutils' stat, test's access checks, the checksum program, `file` for the MIME type and
 * `lsattr` for the attributes, each only when Ansible's module would ask).
 */
import { permissionKeys } from './permission-keys.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { shellQuote } from '../transport/become.js';
import { ModuleArgumentError, requireArg, type ModuleDef } from './types.js';

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

/** Python's os.stat fields, from coreutils' stat: raw mode in hex, ids, sizes, times with their nanoseconds, device numbers, names. */
const FORMAT = '%f|%u|%g|%s|%i|%d|%h|%X|%x|%Y|%y|%Z|%z|%b|%o|%t|%T|%U|%G';

/** Ansible's FILE_ATTRIBUTES: lsattr's letters to the names its modules report. */
const FILE_ATTRIBUTES: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync', e: 'extents', E: 'encrypted', h: 'blocksize', i: 'immutable',
  I: 'indexed', j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail', T: 'blockroot', u: 'undelete', X: 'compressedraw', Z: 'compresseddirty',
};

interface StatOptions {
  follow: boolean;
  checksum?: string;
  md5: boolean;
  mime: boolean;
  attributes: boolean;
}

/** The host's script: `S|` the stat line or `E|` its error, then a line per answer (R, W, X, L|, T|, C|, 5|, M|, A|). */
export function statScript(file: string, options: StatOptions): string {
  const p = '"$p"';
  const regular = options.follow ? `[ -f ${p} ]` : `[ -f ${p} ] && [ ! -L ${p} ]`;
  const sum = (algorithm: string, tag: string) => `echo "${tag}|$(${algorithm}sum < ${p} | cut -d' ' -f1)"`;
  const digests = [options.md5 ? sum('md5', '5') : '', options.checksum ? sum(options.checksum, 'C') : ''].filter(Boolean);
  return [
    `p=${shellQuote(file)}; export LC_ALL=C`,
    `s=$(stat ${options.follow ? '-L ' : ''}-c '${FORMAT}' -- ${p} 2>&1) || { echo "E|$s"; exit 0; }`,
    'echo "S|$s"',
    `if [ -r ${p} ]; then echo R; fi; if [ -w ${p} ]; then echo W; fi; if [ -x ${p} ]; then echo X; fi`,
    ...(options.follow ? [] : [`if [ -L ${p} ]; then echo "L|$(realpath -m -- ${p})"; echo "T|$(readlink -- ${p})"; fi`]),
    ...(digests.length ? [`if ${regular} && [ -r ${p} ]; then ${digests.join('; ')}; fi`] : []),
    ...(options.mime ? [`if command -v file >/dev/null && m=$(file --mime-type --mime-encoding ${p} 2>/dev/null); then echo "M|$m"; fi`] : []),
    ...(options.attributes ? [`if command -v lsattr >/dev/null && a=$(lsattr -vd ${p} 2>/dev/null); then echo "A|$a"; fi`] : []),
    'true',
  ].join('\n');
}

const KINDS: Record<number, string> = { 0x4000: 'isdir', 0x2000: 'ischr', 0x6000: 'isblk', 0x8000: 'isreg', 0x1000: 'isfifo', 0xa000: 'islnk', 0xc000: 'issock' };

/** Python's st_*time: seconds plus nanoseconds times 1e-9, in double precision as CPython computes it. */
function pythonTime(seconds: string, human: string): number {
  const nanos = /\.(\d{1,9})/.exec(human)?.[1].padEnd(9, '0') ?? '0';
  return Number(seconds) + Number(nanos) * 1e-9;
}

/** glibc's makedev: st_rdev from the major and minor numbers. */
function makedev(major: number, minor: number): number {
  return (major & 0xfff) * 0x100 + (minor & 0xff) + (minor & ~0xff) * 0x1000 + Math.floor(major / 0x1000) * 0x100000000000;
}

/** Ansible's stat result (`stat`) from the script's output, or the failure its module gives. */
export function readStat(file: string, output: string, options: StatOptions): { stat?: Record<string, unknown>; msg?: string } {
  const lines = output.split('\n');
  const answer = (tag: string) => lines.find((line) => line.startsWith(`${tag}|`))?.slice(tag.length + 1);
  const error = answer('E');
  if (error !== undefined) {
    if (error.includes('No such file or directory')) return { stat: { exists: false } };
    return { msg: error.slice(error.lastIndexOf(': ') + 2).trim() };
  }
  const [mode, uid, gid, size, inode, dev, nlink, atime, atimeText, mtime, mtimeText, ctime, ctimeText, blocks, blockSize, major, minor, owner, group] = answer('S')!.split('|');
  const bits = parseInt(mode, 16);
  const stat: Record<string, unknown> = {
    exists: true,
    path: file,
    mode: (bits & 0o7777).toString(8).padStart(4, '0'),
    ...Object.fromEntries(['isdir', 'ischr', 'isblk', 'isreg', 'isfifo', 'islnk', 'issock'].map((kind) => [kind, KINDS[bits & 0xf000] === kind])),
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    inode: Number(inode),
    dev: Number(dev),
    nlink: Number(nlink),
    atime: pythonTime(atime, atimeText),
    mtime: pythonTime(mtime, mtimeText),
    ctime: pythonTime(ctime, ctimeText),
    ...permissionKeys(bits),
    blocks: Number(blocks),
    block_size: Number(blockSize),
    device_type: makedev(parseInt(major, 16), parseInt(minor, 16)),
    readable: lines.includes('R'),
    writeable: lines.includes('W'),
    executable: lines.includes('X'),
  };
  if (stat.islnk) Object.assign(stat, { lnk_source: answer('L'), lnk_target: answer('T') });
  // stat prints UNKNOWN for an id without a name; Ansible's module leaves the name out then
  if (owner !== 'UNKNOWN') stat.pw_name = owner;
  if (group !== 'UNKNOWN') stat.gr_name = group;
  const md5 = answer('5');
  if (md5 !== undefined) stat.md5 = md5;
  const checksum = answer('C');
  if (checksum !== undefined) stat.checksum = checksum;
  if (options.mime) Object.assign(stat, mimeOf(answer('M')));
  if (options.attributes) Object.assign(stat, attributesOf(answer('A')));
  return { stat };
}

/** `file --mime-type --mime-encoding`'s `PATH: TYPE; charset=CHARSET`, read as Ansible's module does ('unknown' when it cannot). */
function mimeOf(line: string | undefined): { mimetype: string; charset: string } {
  const parts = line?.slice(line.lastIndexOf(':') + 1).split(';');
  const charset = parts?.[1]?.split('=');
  if (!parts || parts.length !== 2 || !charset || charset.length < 2) return { mimetype: 'unknown', charset: 'unknown' };
  return { mimetype: parts[0].trim(), charset: charset[1].trim() };
}

/** `lsattr -vd`'s `VERSION FLAGS PATH`, as Ansible's get_file_attributes reads it. */
function attributesOf(line: string | undefined): { version: string | null; attributes: string[]; attr_flags: string } {
  const words = line?.trim().split(/\s+/);
  if (!words || words.length < 2) return { version: null, attributes: [], attr_flags: '' };
  const flags = words[1].replace(/-/g, '');
  return { version: words[0], attributes: [...flags].filter((flag) => flag in FILE_ATTRIBUTES).map((flag) => FILE_ATTRIBUTES[flag]), attr_flags: flags };
}

/** An argument under its name or one of its aliases, Ansible's default otherwise. */
function option(args: Record<string, unknown>, names: string[], fallback: unknown): unknown {
  return names.map((name) => args[name]).find((value) => value !== undefined && value !== null) ?? fallback;
}

export const stat: ModuleDef = {
  async run(args, context) {
    const file = String(requireArg(args, 'path', 'stat', ['dest', 'name']));
    const algorithm = String(option(args, ['checksum_algorithm', 'checksum', 'checksum_algo'], 'sha1'));
    if (!ALGORITHMS.includes(algorithm)) throw new ModuleArgumentError(`value of checksum_algorithm must be one of: ${ALGORITHMS.join(', ')}, got: ${algorithm}`);
    const options: StatOptions = {
      follow: ansibleBoolean(option(args, ['follow'], false)),
      checksum: ansibleBoolean(option(args, ['get_checksum'], true)) ? algorithm : undefined,
      md5: ansibleBoolean(option(args, ['get_md5'], false)),
      mime: ansibleBoolean(option(args, ['get_mime', 'mime', 'mime_type', 'mime-type'], true)),
      attributes: ansibleBoolean(option(args, ['get_attributes', 'attr', 'attributes'], true)),
    };
    const result = await context.exec(statScript(file, options));
    const { stat: found, msg } = readStat(file, result.stdout, options);
    return found ? { changed: false, stat: found } : { changed: false, failed: true, msg };
  },
};
