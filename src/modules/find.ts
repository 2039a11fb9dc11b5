/**
 * find: the files under some folders that match, each with what Ansible's find reports of it
 * (its lstat, as `statinfo`), and how many entries were looked at. One `find` per folder on the
 * host; the arguments deployer does not apply (contains, age, size, excludes, use_regex, depth,
 * follow, get_checksum, ...) are Ansible's own find module's, through the bridge.
 */
import { permissionKeys } from './permission-keys.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { shellQuote as q } from '../transport/become.js';
import { withAnsibleFallback } from './ansible-fallback.js';
import { argList, requireArg, type ModuleDef } from './types.js';


/** find's -printf fields, in the order read back; `|` cannot be in them except in the path, which comes last. */
const FIELDS = '%s|%m|%T@|%A@|%C@|%u|%g|%U|%G|%i|%D|%n|%y|%p';
const COUNT_MARK = '__deployer_examined__';
const NOT_A_FOLDER = '__deployer_not_a_folder__';
const FOLDER_MARK = '__deployer_folder__';

/** Ansible's statinfo() of one entry, with its path. */
export function entryOf(line: string): Record<string, unknown> {
  const parts = line.split('|');
  const [size, mode, mtime, atime, ctime, owner, group, uid, gid, inode, dev, nlink, kind] = parts;
  const bits = parseInt(mode, 8);
  return {
    path: parts.slice(13).join('|'),
    mode: mode.padStart(4, '0'),
    isdir: kind === 'd',
    ischr: kind === 'c',
    isblk: kind === 'b',
    isreg: kind === 'f',
    isfifo: kind === 'p',
    islnk: kind === 'l',
    issock: kind === 's',
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    inode: Number(inode),
    dev: Number(dev),
    nlink: Number(nlink),
    atime: Number(atime),
    mtime: Number(mtime),
    ctime: Number(ctime),
    // find prints the number when no name is known; Ansible reports an empty name then
    gr_name: group === gid ? '' : group,
    pw_name: owner === uid ? '' : owner,
    ...permissionKeys(bits),
  };
}

/** The shell command for one folder: the matching entries, then how many entries there were (or that it is no folder). */
export function findCommand(folder: string, options: { patterns: string[]; type: string; recurse: boolean; hidden: boolean }): string {
  const depth = options.recurse ? '' : ' -maxdepth 1';
  const types = options.type === 'any' ? '' : options.type === 'directory' ? ' -type d' : options.type === 'link' ? ' -type l' : ' -type f';
  const names = options.patterns.length ? ` \\( ${options.patterns.map((p) => `-name ${q(p)}`).join(' -o ')} \\)` : '';
  const hidden = options.hidden ? '' : " -not -name '.*'";
  const where = q(folder);
  const found = `find ${where} -mindepth 1${depth}${types}${names}${hidden} -printf '${FIELDS}\\n' 2>/dev/null; echo ${COUNT_MARK}$(find ${where} -mindepth 1${depth} 2>/dev/null | wc -l)`;
  return `if [ -d ${where} ]; then ${found}; else echo ${NOT_A_FOLDER}; fi`;
}

export const find: ModuleDef = withAnsibleFallback('find', ['paths', 'path', 'name', 'patterns', 'pattern', 'file_type', 'recurse', 'hidden'], {
  async run(args, context) {
    const folders = argList(requireArg(args, 'paths', 'find', ['name', 'path']));
    const options = { patterns: argList(args.patterns ?? args.pattern), type: String(args.file_type ?? 'file'), recurse: ansibleBoolean(args.recurse ?? false), hidden: ansibleBoolean(args.hidden ?? false) };
    const result = await context.exec(folders.map((folder) => `echo ${FOLDER_MARK}; ${findCommand(folder, options)}`).join('; '));
    let examined = 0;
    let folder = -1;
    const files: Record<string, unknown>[] = [];
    const skipped: Record<string, string> = {};
    for (const line of result.stdout.split('\n')) {
      if (line === FOLDER_MARK) folder++;
      else if (line === NOT_A_FOLDER) skipped[folders[folder]] = `'${folders[folder]}' is not a directory`;
      else if (line.startsWith(COUNT_MARK)) examined += Number(line.slice(COUNT_MARK.length)) || 0;
      else if (line) files.push(entryOf(line));
    }
    files.sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
    const warnings = Object.entries(skipped).map(([where, why]) => `Skipped '${where}' path due to this access issue: ${why}\n`);
    const msg = warnings.length ? 'Not all paths examined, check warnings for details' : 'All paths examined';
    // in the order of Ansible's exit_json, which the registered result keeps
    return { files, changed: false, msg, matched: files.length, examined, skipped_paths: skipped, ...(warnings.length ? { warnings } : {}) };
  },
});
