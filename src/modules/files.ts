/**
 * File modules: copy, template, file, lineinfile. Each reads the host's state with
 * one small POSIX shell script, decides what would change (that is all check mode does), and
 * only then writes; no Python is needed on the host. Results carry Ansible's keys.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { shellQuote } from '../transport/become.js';
import { copyFolder } from './copy-folder.js';
import { makeMissingFolders } from './copy-parents.js';
import { validateContent } from './validate-file.js';
import { readEditable } from './editable-file.js';
import { withPreservedMode } from './preserved-mode.js';
import { pythonJsonDumps } from '../formats/python-repr.js';
import { str } from '../templating/jinja2/values.js';
import { ModuleArgumentError, requireArg, type ModuleContext, type ModuleDef, type ModuleResult } from './types.js';

const q = shellQuote;
const sha1 = (data: Buffer) => crypto.createHash('sha1').update(data).digest('hex');
/** Ansible's copy reports the md5 of what it wrote, as well as the sha1 (for backwards compatibility). */
const md5 = (data: Buffer) => crypto.createHash('md5').update(data).digest('hex');

interface RemoteStat {
  exists: boolean;
  type?: 'file' | 'directory' | 'link' | 'other';
  mode?: string;
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  mtime?: number;
  checksum?: string;
  linkTarget?: string;
  links?: number;
}

const STAT_FORMAT = '%F|%a|%u|%g|%U|%G|%s|%Y|%h';

/** Remote snippet: `$s` becomes the file's stat line (one process). */
const statInto = (file: string) => `s=$(stat -c '${STAT_FORMAT}' -- ${q(file)}) || exit 1`;

function statScript(file: string, checksum: boolean): string {
  return `if [ -e ${q(file)} ] || [ -L ${q(file)} ]; then stat -c '${STAT_FORMAT}' -- ${q(file)}; ${
    checksum ? `[ -f ${q(file)} ] && [ ! -L ${q(file)} ] && sha1sum -- ${q(file)} | cut -d' ' -f1;` : ''
  } [ -L ${q(file)} ] && echo "link:$(readlink -- ${q(file)})"; fi; true`;
}

function parseStat(output: string): RemoteStat {
  const lines = output.split('\n').filter(Boolean);
  if (lines.length === 0) return { exists: false };
  const [kind, mode, uid, gid, owner, group, size, mtime, links] = lines[0].split('|');
  const type = kind === 'regular file' || kind === 'regular empty file' ? 'file' : kind === 'directory' ? 'directory' : kind === 'symbolic link' ? 'link' : 'other';
  const link = lines.find((l) => l.startsWith('link:'));
  return {
    exists: true,
    type,
    mode: mode.padStart(4, '0'),
    uid: Number(uid),
    gid: Number(gid),
    owner,
    group,
    size: Number(size),
    mtime: Number(mtime),
    checksum: lines[1] && /^[0-9a-f]{40}$/.test(lines[1]) ? lines[1] : undefined,
    linkTarget: link?.slice(5),
    links: Number(links),
  };
}

/** One round trip: stat (without following links) and, for regular files, the sha1. */
async function remoteStat(context: ModuleContext, file: string, checksum = true): Promise<RemoteStat> {
  return parseStat((await context.exec(statScript(file, checksum))).stdout);
}

const STAT_MARKER = '__deployer_stat__';

/** Runs changes and reads the file's final state in the same round trip. */
export async function changeAndStat(context: ModuleContext, script: string, file: string, what: string, stdin?: Buffer): Promise<RemoteStat> {
  const result = await context.exec(`{ ${script}; } || exit $?; echo ${STAT_MARKER}; ${statScript(file, true)}`, stdin ? { stdin } : {});
  if (result.exitCode !== 0) throw new RemoteError(`${what}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`);
  return parseStat(result.stdout.slice(result.stdout.indexOf(STAT_MARKER) + STAT_MARKER.length));
}

/** Ansible accepts modes as octal strings ('0644', '644'), numbers (420 from YAML 0644) or symbolic (u+x). */
function normalizeMode(mode: unknown): string | undefined {
  if (mode === undefined || mode === null) return undefined;
  if (typeof mode === 'number' || mode instanceof Number) return Number(mode).toString(8).padStart(4, '0');
  const text = String(mode);
  if (/^0?[0-7]{3,4}$/.test(text)) return text.padStart(4, '0').slice(-4);
  if (/^[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*$/.test(text)) return text;
  throw new ModuleArgumentError(`bad symbolic permission for mode: ${text}`);
}

/** The mode chmod would leave: `u=rwx,g=rx,o=` or `a+x` applied to the current octal mode. */
export function applySymbolicMode(current: string, spec: string, isDirectory: boolean): string {
  let mode = parseInt(current, 8);
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) throw new ModuleArgumentError(`bad symbolic permission for mode: ${spec}`);
    const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    let bits = 0;
    for (const c of who) {
      const shift = c === 'u' ? 6 : c === 'g' ? 3 : 0;
      for (const p of m[3]) {
        if (p === 'r') bits |= 4 << shift;
        if (p === 'w') bits |= 2 << shift;
        if (p === 'x' || (p === 'X' && (isDirectory || (mode & 0o111) !== 0))) bits |= 1 << shift;
        if (p === 's') bits |= c === 'u' ? 0o4000 : c === 'g' ? 0o2000 : 0;
        if (p === 't') bits |= 0o1000;
      }
    }
    const mask = [...who].reduce((acc, c) => acc | (c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : 0o1007), 0);
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else mode = (mode & ~mask) | bits;
  }
  return mode.toString(8).padStart(4, '0');
}

/** The octal mode a task's mode gives a path now in `current`: a symbolic mode is applied to the current one. */
function targetMode(mode: string | undefined, current: RemoteStat): string | undefined {
  return mode && !/^\d{4}$/.test(mode) && current.mode ? applySymbolicMode(current.mode, mode, current.type === 'directory') : mode;
}

function attributesScript(file: string, args: Record<string, unknown>, current: RemoteStat, recurse = false): { script: string; changed: boolean } {
  const parts: string[] = [];
  let changed = false;
  const mode = normalizeMode(args.mode);
  const r = recurse ? '-R ' : '';
  const wanted = targetMode(mode, current);
  if (mode && (recurse || wanted !== current.mode)) {
    parts.push(`chmod ${r}${q(mode)} -- ${q(file)}`);
    changed = recurse ? true : wanted !== current.mode;
  }
  const owner = args.owner === undefined ? undefined : String(args.owner);
  const group = args.group === undefined ? undefined : String(args.group);
  if (owner !== undefined && (recurse || (owner !== current.owner && owner !== String(current.uid)))) {
    parts.push(`chown ${r}${q(owner)} -- ${q(file)}`);
    changed = true;
  }
  if (group !== undefined && (recurse || (group !== current.group && group !== String(current.gid)))) {
    parts.push(`chgrp ${r}${q(group)} -- ${q(file)}`);
    changed = true;
  }
  return { script: parts.join(' && '), changed };
}

async function run(context: ModuleContext, script: string, what: string): Promise<void> {
  const result = await context.exec(script);
  if (result.exitCode !== 0) throw new RemoteError(`${what}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`);
}

export class RemoteError extends Error {}

export function describe(file: string, stat: RemoteStat, state?: string): ModuleResult {
  if (!stat.exists) return { path: file, state: 'absent' };
  return {
    path: file,
    state: state ?? (stat.type === 'directory' ? 'directory' : stat.type === 'link' ? 'link' : 'file'),
    mode: stat.mode,
    uid: stat.uid,
    gid: stat.gid,
    owner: stat.owner,
    group: stat.group,
    size: stat.size,
  };
}

/** Ansible's MAX_FILE_SIZE_FOR_DIFF: larger files are not diffed. */
const MAX_DIFF_SIZE = 104448;

type StateDiff = { before: Record<string, unknown>; after: Record<string, unknown> };

/** What Ansible's file module calls the state of a path (a file with several links is `hard`). */
function stateOf(stat: RemoteStat): string {
  if (!stat.exists) return 'absent';
  if (stat.type === 'directory') return 'directory';
  if (stat.type === 'link') return 'link';
  return (stat.links ?? 1) > 1 ? 'hard' : 'file';
}

/** Modes as Python's '0%03o' writes them. */
const pythonMode = (mode: string) => `0${parseInt(mode, 8).toString(8).padStart(3, '0')}`;

/**
 * The file module's diff (initial_diff, then set_fs_attributes_if_different): the path, the state
 * when it changes, and each attribute that changed on a path that existed before.
 */
function stateDiff(target: string, before: RemoteStat, state: string, after?: { mode?: string; uid?: number; gid?: number }): StateDiff {
  const diff: StateDiff = { before: { path: target }, after: { path: target } };
  const previous = stateOf(before);
  if (previous !== state) {
    diff.before.state = previous;
    diff.after.state = state;
  }
  if (before.exists && after) addAttributeChanges(diff, before, after);
  return diff;
}

/** Each of mode, owner and group that differs between `before` and `after`, added to the diff as Ansible numbers them. */
function addAttributeChanges(diff: StateDiff, before: RemoteStat, after: { mode?: string; uid?: number; gid?: number }): void {
  if (after.mode !== undefined && before.mode !== undefined && after.mode !== before.mode) [diff.before.mode, diff.after.mode] = [pythonMode(before.mode), pythonMode(after.mode)];
  if (after.uid !== undefined && after.uid !== before.uid) [diff.before.owner, diff.after.owner] = [before.uid, after.uid];
  if (after.gid !== undefined && after.gid !== before.gid) [diff.before.group, diff.after.group] = [before.gid, after.gid];
}

/**
 * The attributes a task asks for, as the host will number them: the final state when the change
 * was made, otherwise (check mode) the mode it would get and the ids of the names it asks for.
 */
async function wantedAttributes(context: ModuleContext, args: Record<string, unknown>, current: RemoteStat, final?: RemoteStat): Promise<{ mode?: string; uid?: number; gid?: number }> {
  if (final?.exists) return { mode: final.mode, uid: final.uid, gid: final.gid };
  const mode = normalizeMode(args.mode);
  const wanted = { mode: targetMode(mode, current), uid: undefined as number | undefined, gid: undefined as number | undefined };
  const lookups: string[] = [];
  if (args.owner !== undefined) lookups.push(`getent passwd ${q(String(args.owner))} | cut -d: -f3 || echo`);
  if (args.group !== undefined) lookups.push(`getent group ${q(String(args.group))} | cut -d: -f3 || echo`);
  if (lookups.length) {
    const ids = (await context.exec(lookups.map((l) => `{ ${l}; }`).join('; '))).stdout.split('\n');
    const id = (name: unknown, found: string | undefined) => (/^\d+$/.test(String(name)) ? Number(name) : found ? Number(found) : undefined);
    if (args.owner !== undefined) wanted.uid = id(args.owner, ids.shift());
    if (args.group !== undefined) wanted.gid = id(args.group, ids.shift());
  }
  return wanted;
}

/** The content diff of copy and template (ActionBase._get_diff_data): the host's file before, the new text after. */
async function contentDiff(context: ModuleContext, dest: string, current: RemoteStat, content: Buffer, afterHeader: string): Promise<Record<string, unknown>> {
  const diff: Record<string, unknown> = {};
  if (!current.exists || current.type === 'directory') diff.before = '';
  else if ((current.size ?? 0) > MAX_DIFF_SIZE) diff.dst_larger = MAX_DIFF_SIZE;
  else {
    const before = await readRemote(context, dest);
    if (before?.slice(0, 8192).includes('\0')) diff.dst_binary = 1;
    else Object.assign(diff, { before_header: dest, before: before ?? '' });
  }
  if (content.length > MAX_DIFF_SIZE) diff.src_larger = MAX_DIFF_SIZE;
  else if (content.includes(0)) diff.src_binary = 1;
  else Object.assign(diff, { after_header: afterHeader, after: content.toString('utf8') });
  return diff;
}

/** The files and folders under a folder, listed as Python's os.walk visits them (Ansible's path_content). */
async function folderContent(context: ModuleContext, folder: string): Promise<{ directories: string[]; files: string[] }> {
  const listing = await context.exec(`find ${q(folder)} -mindepth 1 \\( -xtype d -printf 'd %p\\0' \\) -o -printf 'f %p\\0'`);
  const children = new Map<string, { path: string; dir: boolean }[]>();
  for (const entry of listing.stdout.split('\0').filter(Boolean)) {
    const entryPath = entry.slice(2);
    const parent = path.posix.dirname(entryPath);
    children.set(parent, [...(children.get(parent) ?? []), { path: entryPath, dir: entry[0] === 'd' }]);
  }
  const walk = { directories: [] as string[], files: [] as string[] };
  const visit = (dir: string): void => {
    const here = children.get(dir) ?? [];
    walk.directories.push(...here.filter((c) => c.dir).map((c) => c.path));
    walk.files.push(...here.filter((c) => !c.dir).map((c) => c.path));
    for (const sub of here.filter((c) => c.dir)) visit(sub.path);
  };
  visit(folder.replace(/\/+$/, '') || '/');
  return walk;
}

/** A local source file: the role's folder, then the playbook's, as Ansible's search path. */
export function findLocalFile(context: ModuleContext, kind: 'files' | 'templates', name: string): string {
  if (path.isAbsolute(name)) {
    if (fs.existsSync(name)) return name;
  } else {
    for (const dir of context.searchDirs) {
      for (const candidate of [path.join(dir, kind, name), path.join(dir, name)]) if (fs.existsSync(candidate)) return candidate;
    }
  }
  throw new ModuleArgumentError(`Could not find or access '${name}' (searched ${context.searchDirs.map((d) => path.join(d, kind)).join(', ')})`);
}

/**
 * Remote snippet: with `$s` holding the file's stat line, make its octal mode, owner and group what
 * the task asks, echoing a marker and refreshing `$s` when it changed any. Comparisons are shell
 * builtins: a file already right costs no process.
 */
function ensureAttributes(file: string, args: Record<string, unknown>, mode: string | undefined): string {
  const f = q(file);
  const checks: string[] = [];
  // stat's %a has no leading zeros: 0755 is 755, 0000 is 0
  if (mode) checks.push(`case "$2" in ${parseInt(mode, 8).toString(8)}) ;; *) chmod ${mode} -- ${f} || exit 1; a=1 ;; esac`);
  if (args.owner !== undefined) {
    const o = q(String(args.owner));
    checks.push(`[ "$5" = ${o} ] || [ "$3" = ${o} ] || { chown ${o} -- ${f} || exit 1; a=1; }`);
  }
  if (args.group !== undefined) {
    const g = q(String(args.group));
    checks.push(`[ "$6" = ${g} ] || [ "$4" = ${g} ] || { chgrp ${g} -- ${f} || exit 1; a=1; }`);
  }
  if (!checks.length) return '';
  return [`a=; set -f; IFS='|'; set -- $s; IFS=' '`, ...checks, `[ -z "$a" ] || { echo __deployer_attr__; ${statInto(file)}; }`].join('\n');
}

/** The umask that makes a new file get `mode` by itself, when the mode has no execute or special bits. */
function umaskFor(mode: string): string | undefined {
  const bits = parseInt(mode, 8);
  return bits & 0o7111 ? undefined : (0o666 & ~bits).toString(8).padStart(3, '0');
}

/**
 * Remote snippet: stdin into `$tmp`, a new file beside the destination. Its name is made from the
 * shell's pid and created exclusively (noclobber), mktemp only if that name is taken; the umask
 * gives it `mode` (or 0644) directly when it can, saving a chmod.
 */
function writeTemporary(dir: string, mode: string | undefined): string[] {
  const folder = q(dir);
  return [
    `umask ${mode ? umaskFor(mode) ?? '077' : '022'}`,
    `tmp=${folder}/.deployer.$$; if [ -e "$tmp" ] || [ -L "$tmp" ]; then tmp=$(mktemp ${folder}/.deployer.XXXXXX) || exit 1; fi`,
    `( set -C; exec cat > "$tmp" ) || { rm -f "$tmp"; exit 1; }`,
  ];
}

/** Up to this size, sending the content with the comparison costs less than a separate round trip. */
const ONE_TRIP_MAX_BYTES = 64 * 1024;

/**
 * copy/template in one round trip: the content travels with a script that compares checksums on
 * the host, moves the new file in only when they differ, fixes mode and owner, and reports the
 * final state. Undefined when the general path is needed (check mode, backups, symbolic modes,
 * a folder as destination).
 */
async function putContentInOneTrip(context: ModuleContext, content: Buffer, args: Record<string, unknown>, sourceName?: string): Promise<ModuleResult | undefined> {
  const dest = String(requireArg(args, 'dest', 'copy'));
  const mode = normalizeMode(args.mode);
  const force = args.force === undefined ? true : ansibleBoolean(args.force);
  if (context.check || dest.endsWith('/') || ansibleBoolean(args.backup ?? false) || args.validate !== undefined || (mode && !/^\d{4}$/.test(mode))) return undefined;
  // a big file (a release archive) is sent only when the host's checksum differs, as in Ansible
  if (content.length > ONE_TRIP_MAX_BYTES) return undefined;
  const checksum = sha1(content);
  const d = q(dest);
  const script = [
    `if [ -d ${d} ]; then echo __deployer_isdir__; exit 0; fi`,
    folderGuard(dest),
    `s=; if [ -e ${d} ]; then ${statInto(dest)}; fi`,
    force ? `if [ -n "$s" ]; then sum=$(sha1sum -- ${d}) || exit 1; sum=\${sum%% *}; fi` : '',
    `if [ -n "$s" ] && ${force ? `[ "$sum" = ${checksum} ]` : 'true'}; then cat > /dev/null`,
    ensureAttributes(dest, args, mode),
    'else',
    // the new content gets its final mode and owner beside the file, then moves in at once
    ...writeTemporary(path.posix.dirname(dest), mode),
    mode ? (umaskFor(mode) ? '' : `chmod ${mode} "$tmp"`) : `[ -z "$s" ] || chmod --reference=${d} "$tmp"`,
    // as Ansible's atomic_move, a replaced file keeps its owner where the user may keep it
    args.owner === undefined && args.group === undefined ? `[ -z "$s" ] || chown --reference=${d} "$tmp" 2>/dev/null` : '',
    args.owner !== undefined ? `chown ${q(String(args.owner))} "$tmp" || { rm -f "$tmp"; exit 1; }` : '',
    args.group !== undefined ? `chgrp ${q(String(args.group))} "$tmp" || { rm -f "$tmp"; exit 1; }` : '',
    `mv -f -- "$tmp" ${d} || { rm -f "$tmp"; exit 1; }; echo __deployer_changed__; ${statInto(dest)}`,
    'fi',
    `echo ${STAT_MARKER}; echo "$s"`,
  ]
    .filter(Boolean)
    .join('\n');
  const result = await context.exec(script, { stdin: content });
  if (result.stdout.includes('__deployer_isdir__')) return undefined;
  if (result.stdout.includes(NO_FOLDER)) return noFolder(dest, checksum);
  if (result.exitCode !== 0) return { failed: true, msg: `Destination ${path.posix.dirname(dest)} not writable or missing: ${(result.stderr || result.stdout).trim()}` };
  const final = parseStat(result.stdout.slice(result.stdout.indexOf(STAT_MARKER) + STAT_MARKER.length));
  const contentChanged = result.stdout.includes('__deployer_changed__');
  const changed = contentChanged || result.stdout.includes('__deployer_attr__');
  return {
    changed,
    dest,
    checksum,
    ...(contentChanged ? { md5sum: md5(content) } : {}),
    ...(sourceName ? { src: sourceName } : {}),
    ...(final.exists ? { mode: final.mode, owner: final.owner, group: final.group, uid: final.uid, gid: final.gid, size: final.size, state: 'file' } : { state: 'file' }),
  };
}

/** A file put where no folder is: Ansible's copy module refuses it (only a dest ending in / makes folders). */
const NO_FOLDER = '__deployer_nofolder__';
const folderGuard = (dest: string) => `[ -e ${q(path.posix.dirname(dest))} ] || { echo ${NO_FOLDER}; exit 1; }`;
const noFolder = (dest: string, checksum: string): ModuleResult => ({ failed: true, changed: false, checksum, msg: `Destination directory ${path.posix.dirname(dest)} does not exist` });

/** copy/template: put `content` at `dest` when its checksum differs, then fix mode and owner. */
export async function putContent(context: ModuleContext, content: Buffer, args: Record<string, unknown>, sourceName?: string, afterHeader = 'dynamically generated'): Promise<ModuleResult> {
  const quick = context.diff ? undefined : await putContentInOneTrip(context, content, args, sourceName);
  if (quick) return quick;
  let dest = String(requireArg(args, 'dest', 'copy'));
  let current = await remoteStat(context, dest);
  if (current.type === 'directory' || dest.endsWith('/')) {
    if (!sourceName) return { failed: true, msg: `can not use content with a dir as dest (${dest})` };
    const folderWanted = dest.endsWith('/');
    dest = path.posix.join(dest, path.basename(sourceName));
    const stop = folderWanted ? await makeMissingFolders(context, dest, args) : undefined;
    if (stop) return stop;
    current = await remoteStat(context, dest);
  }
  const checksum = sha1(content);
  const force = args.force === undefined ? true : ansibleBoolean(args.force);
  const contentChanged = !current.exists || (force && current.checksum !== checksum);
  const attributes = attributesScript(dest, args, current.exists ? current : { exists: false });
  const diffBefore = context.diff && contentChanged ? await contentDiff(context, dest, current, content, afterHeader) : undefined;
  let backupFile: string | undefined;
  let final = current;
  if (!context.check && contentChanged && args.validate !== undefined && args.validate !== null) {
    const invalid = await validateContent(context, dest, content, String(args.validate), checksum);
    if (invalid) return invalid;
  }
  if (!context.check && (contentChanged || attributes.script)) {
    let script = attributes.script;
    if (contentChanged) {
      const backup = ansibleBoolean(args.backup ?? false) && current.exists;
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '@').slice(0, 15);
      backupFile = backup ? `${dest}.${stamp}~` : undefined;
      const mode = normalizeMode(args.mode) ?? current.mode ?? undefined;
      // the new content is written beside the file, given its mode and owner, then moved in
      script = [
        folderGuard(dest),
        `tmp=$(mktemp ${q(path.posix.dirname(dest))}/.deployer.XXXXXX) || exit 1`,
        `cat > "$tmp" || { rm -f "$tmp"; exit 1; }`,
        mode && /^\d{4}$/.test(mode) ? `chmod ${mode} "$tmp"` : current.exists ? `chmod ${current.mode} "$tmp"` : `chmod 0644 "$tmp"`,
        mode && !/^\d{4}$/.test(mode) ? `chmod ${q(mode)} "$tmp"` : '',
        args.owner === undefined && args.group === undefined && current.exists ? `{ chown --reference=${q(dest)} "$tmp" 2>/dev/null || true; }` : '',
        args.owner !== undefined ? `chown ${q(String(args.owner))} "$tmp"` : '',
        args.group !== undefined ? `chgrp ${q(String(args.group))} "$tmp"` : '',
        backupFile ? `cp -p -- ${q(dest)} ${q(backupFile)}` : '',
        `mv -f -- "$tmp" ${q(dest)}`,
      ]
        .filter(Boolean)
        .join(' && ');
    }
    try {
      final = await changeAndStat(context, script, dest, contentChanged ? 'writing' : 'setting attributes', contentChanged ? content : undefined);
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      if (error.message.includes(NO_FOLDER)) return noFolder(dest, checksum);
      return { failed: true, msg: contentChanged ? `Destination ${path.posix.dirname(dest)} not writable or missing: ${error.message}` : error.message };
    }
  }
  return {
    changed: contentChanged || attributes.changed,
    dest,
    checksum,
    ...(contentChanged ? { md5sum: md5(content) } : {}),
    ...(sourceName ? { src: sourceName } : {}),
    ...(backupFile ? { backup_file: backupFile } : {}),
    ...(final.exists ? { mode: final.mode, owner: final.owner, group: final.group, uid: final.uid, gid: final.gid, size: final.size, state: 'file' } : { state: 'file' }),
    ...(diffBefore ? { diff: [diffBefore] } : context.diff ? { diff: stateDiff(dest, current, 'file', await wantedAttributes(context, args, current, context.check ? undefined : final)) } : {}),
  };
}

/** copy with remote_src: a file of the host to another place on it, when their checksums differ (nothing travels). */
async function copyOnHost(context: ModuleContext, src: string, args: Record<string, unknown>): Promise<ModuleResult> {
  const dest = String(requireArg(args, 'dest', 'copy'));
  const mode = normalizeMode(args.mode);
  if (mode && !/^\d{4}$/.test(mode)) return { failed: true, msg: `copy with remote_src takes an octal mode, not '${mode}'` };
  const [s, d] = [q(src), q(dest)];
  const script = [
    `[ -f ${s} ] || { echo "Source ${src.replace(/["$`\\]/g, '')} not found" >&2; exit 3; }`,
    `a=$(sha1sum < ${s}) || exit 1; b=; [ -f ${d} ] && b=$(sha1sum < ${d})`,
    `if [ "$a" != "$b" ]; then`,
    ...writeTemporary(path.posix.dirname(dest), mode).slice(0, 2),
    `cp -- ${s} "$tmp" || { rm -f "$tmp"; exit 1; }`,
    mode ? `chmod ${mode} "$tmp"` : '',
    context.check ? 'rm -f "$tmp"' : `mv -f -- "$tmp" ${d} || { rm -f "$tmp"; exit 1; }`,
    'echo __deployer_changed__; fi',
  ]
    .filter(Boolean)
    .join('\n');
  const result = await context.exec(script);
  if (result.exitCode !== 0) return { failed: true, msg: (result.stderr || result.stdout).trim() || `copying ${src} to ${dest} failed` };
  return { changed: result.stdout.includes('__deployer_changed__'), dest, src, ...(mode ? { mode } : {}) };
}

export const copy: ModuleDef = {
  async run(args, context) {
    if (args.content !== undefined) {
      // as Ansible's copy action: a list or dictionary (a template read back as one) is written as json.dumps writes it
      const content = typeof args.content === 'string' ? args.content : typeof args.content === 'object' && args.content !== null ? pythonJsonDumps(args.content, { ensureAscii: true }) : str(args.content);
      return putContent(context, Buffer.from(content), args);
    }
    const src = String(requireArg(args, 'src', 'copy'));
    if (ansibleBoolean(args.remote_src ?? false)) return copyOnHost(context, src, args);
    const file = findLocalFile(context, 'files', src);
    if (fs.statSync(file).isDirectory()) return copyFolder(context, file, src, args, (ctx, content, fileArgs, name, local) => putContent(ctx, content, local ? withPreservedMode(fileArgs, local) : fileArgs, name, local));
    return putContent(context, fs.readFileSync(file), withPreservedMode(args, file), src, file);
  },
};

/**
 * Makes a folder and the parents it lacks, one by one: as Ansible's file module, each folder it
 * makes gets the requested mode, owner and group, not only the last. Prints __deployer_changed__
 * when it made one.
 */
function makeDirectories(target: string, args: Record<string, unknown>, mode: string | undefined, parentsOnly = false): string {
  const parts = target.split('/').filter(Boolean);
  const chain = parts.map((_p, i) => (target.startsWith('/') ? '/' : '') + parts.slice(0, i + 1).join('/'));
  // (the target itself left to the caller, whose attribute step reports its changes in --diff)
  if (parentsOnly) return `${makeDirectories(path.posix.dirname(target), args, mode)}\nmkdir -- ${q(target)}`;
  const fix = [mode ? `chmod ${q(mode)} -- "$d" || exit 1` : '', args.owner !== undefined ? `chown ${q(String(args.owner))} -- "$d" || exit 1` : '', args.group !== undefined ? `chgrp ${q(String(args.group))} -- "$d" || exit 1` : ''].filter(Boolean);
  // as Ansible's file module: a folder another run made meanwhile (EEXIST) is no error
  const make = 'if ! mkdir -- "$d" 2>/dev/null; then [ -d "$d" ] && continue; mkdir -- "$d" || exit 1; fi';
  return [`made=; for d in ${chain.map(q).join(' ')}; do [ -d "$d" ] && continue; ${make}; made=1`, ...fix, 'done', '[ -z "$made" ] || echo __deployer_changed__'].join('\n');
}

/** `file state=directory` in one round trip (octal modes, no recursion): check, create, fix, report. */
async function directoryInOneTrip(context: ModuleContext, target: string, args: Record<string, unknown>): Promise<ModuleResult | undefined> {
  const mode = normalizeMode(args.mode);
  if (context.check || (mode && !/^\d{4}$/.test(mode)) || ansibleBoolean(args.recurse ?? false)) return undefined;
  const t = q(target);
  const script = [
    `if [ -e ${t} ] && [ ! -d ${t} ]; then echo __deployer_notdir__; exit 0; fi`,
    makeDirectories(target, args, mode),
    statInto(target),
    ensureAttributes(target, args, mode),
    `echo ${STAT_MARKER}; echo "$s"`,
  ]
    .filter(Boolean)
    .join('\n');
  const result = await context.exec(script);
  if (result.stdout.includes('__deployer_notdir__')) return undefined;
  if (result.exitCode !== 0) throw new RemoteError(`directory: ${(result.stderr || result.stdout).trim()}`);
  const final = parseStat(result.stdout.slice(result.stdout.indexOf(STAT_MARKER) + STAT_MARKER.length));
  const changed = result.stdout.includes('__deployer_changed__') || result.stdout.includes('__deployer_attr__');
  return { changed, ...describe(target, final) };
}

export const file: ModuleDef = {
  async run(args, context) {
    const target = String(requireArg(args, 'path', 'file', ['dest', 'name']));
    if (args.state === 'directory' && !context.diff) {
      const quick = await directoryInOneTrip(context, target, args);
      if (quick) return quick;
    }
    const current = await remoteStat(context, target, false);
    const requested = args.state === undefined ? (current.exists ? (current.type === 'directory' ? 'directory' : current.type === 'link' ? 'link' : 'file') : 'file') : String(args.state);
    const recurse = ansibleBoolean(args.recurse ?? false);
    let script = '';
    let changed = false;
    switch (requested) {
      case 'absent':
        if (current.exists) {
          script = `rm -rf -- ${q(target)}`;
          changed = true;
        }
        break;
      case 'directory':
        if (current.exists && current.type !== 'directory') return { failed: true, path: target, msg: `${target} already exists as a ${current.type}` };
        if (!current.exists) {
          script = makeDirectories(target, args, normalizeMode(args.mode), true);
          changed = true;
        }
        break;
      case 'file':
        if (!current.exists) return { failed: true, path: target, msg: `file (${target}) is absent, cannot continue`, state: 'absent' };
        break;
      case 'touch':
        // with both times preserved, touching a file that exists changes nothing (only its attributes may)
        if (!(current.exists && args.modification_time === 'preserve' && args.access_time === 'preserve')) {
          script = `touch -- ${q(target)}`;
          changed = true;
        }
        break;
      case 'link':
      case 'hard': {
        const src = String(requireArg(args, 'src', 'file'));
        if (requested === 'link' && current.type === 'link' && current.linkTarget === src) break;
        if (current.exists && current.type === 'directory') return { failed: true, path: target, msg: `refusing to convert from directory to ${requested} for ${target}` };
        script = `ln ${requested === 'link' ? '-s' : ''} -f -n -- ${q(src)} ${q(target)}`;
        changed = requested === 'link' || !current.exists;
        break;
      }
      default:
        return { failed: true, msg: `value of state must be one of: absent, directory, file, hard, link, touch, got: ${requested}` };
    }
    const diff = context.diff ? stateDiff(target, current, requested) : undefined;
    if (diff && (requested === 'link' || requested === 'hard') && current.type === 'link' && current.linkTarget !== undefined && current.linkTarget !== args.src) {
      [diff.before.src, diff.after.src] = [current.linkTarget, String(args.src)];
    }
    if (requested === 'absent') {
      if (diff && current.type === 'directory') diff.before.path_content = await folderContent(context, target);
      if (!context.check && script) await run(context, script, requested);
      return { changed, path: target, state: 'absent', ...(diff ? { diff } : {}) };
    }
    // attributes are compared with the state before the action; a new file or folder gets them all
    const before: RemoteStat = current.exists && requested !== 'link' && requested !== 'hard' ? current : { exists: false };
    const attributes = attributesScript(target, args, before, recurse && requested === 'directory');
    const attributeChange = before.exists ? attributes.changed : Boolean(attributes.script) && changed;
    let final = current;
    // what the attribute changes start from: the path as it was, or as it was just created
    let attributesFrom = before;
    if (!context.check && diff && !before.exists && script && attributes.script) {
      // the diff shows the attributes a new path is given, so it is created and stat'ed first
      attributesFrom = await changeAndStat(context, script, target, requested);
      final = await changeAndStat(context, attributes.script, target, requested);
    } else if (!context.check && (script || attributes.script)) {
      final = await changeAndStat(context, [script, attributes.script].filter(Boolean).join(' && '), target, requested);
    }
    if (diff && attributesFrom.exists) {
      addAttributeChanges(diff, attributesFrom, await wantedAttributes(context, args, attributesFrom, context.check ? undefined : final));
    }
    const described: ModuleResult = { ...describe(target, final.exists ? final : { exists: true }, requested === 'touch' ? 'file' : requested === 'hard' ? 'hard' : undefined), ...(diff ? { diff } : {}) };
    // Ansible's file module names the target `dest` for touch, link and hard, `path` otherwise
    if (requested === 'touch' || requested === 'link' || requested === 'hard') {
      const { path: dest, ...rest } = described;
      return { changed: changed || attributeChange, dest, ...rest };
    }
    return { changed: changed || attributeChange, ...described };
  },
};

/**
 * Where lineinfile inserts a new line: before the first line matching
 * `insertbefore` (or at the top for BOF), after the last line matching `insertafter`, or at the
 * end (EOF, also when the regex matches nothing).
 */
export function insertionIndex(lines: string[], args: Record<string, unknown>): number {
  const before = args.insertbefore === undefined ? undefined : String(args.insertbefore);
  const after = args.insertafter === undefined ? 'EOF' : String(args.insertafter);
  if (before === 'BOF') return 0;
  if (before) {
    const i = lines.findIndex((l) => new RegExp(before).test(l));
    return i >= 0 ? i : lines.length;
  }
  if (after === 'EOF') return lines.length;
  const last = lines.map((l, n) => (new RegExp(after).test(l) ? n : -1)).filter((n) => n >= 0).pop();
  return last === undefined ? lines.length : last + 1;
}

/** lineinfile's and blockinfile's diff: the file's text before and after, then its attributes (not changed here). */
export function textDiff(context: ModuleContext, file: string, before: string, after: string): { diff?: Record<string, unknown>[] } {
  if (!context.diff) return {};
  return {
    diff: [
      { before_header: `${file} (content)`, after_header: `${file} (content)`, before, after },
      { before_header: `${file} (file attributes)`, after_header: `${file} (file attributes)` },
    ],
  };
}

export async function readRemote(context: ModuleContext, file: string): Promise<string | undefined> {
  const result = await context.exec(`if [ -f ${q(file)} ]; then echo x; cat -- ${q(file)}; fi`);
  return result.stdout.startsWith('x\n') ? result.stdout.slice(2) : undefined;
}

export async function writeRemote(context: ModuleContext, file: string, text: string, mode?: string, makeParents = false): Promise<void> {
  // lineinfile's create makes the missing folders above the file, as Ansible's does
  const parents = makeParents ? `mkdir -p -- ${q(path.posix.dirname(file))} && ` : '';
  const script = `${parents}tmp=$(mktemp ${q(path.posix.dirname(file))}/.deployer.XXXXXX) && cat > "$tmp" && { [ -e ${q(file)} ] && chmod --reference=${q(file)} "$tmp" || chmod ${mode ?? '0644'} "$tmp"; } && mv -f -- "$tmp" ${q(file)}`;
  const result = await context.exec(script, { stdin: text });
  if (result.exitCode !== 0) throw new RemoteError(`writing ${file}: ${result.stderr.trim()}`);
}

/** Python's Match.expand: `\1`, `\g<1>` and `\g<name>` in `template` become the groups of `match`. */
function expandMatch(template: string, match: RegExpExecArray): string {
  return template.replace(/\\g<(\w+)>|\\(\d{1,2})|\\\\/g, (token, name: string | undefined, number: string | undefined) => {
    if (token === '\\\\') return '\\';
    const key = name ?? number!;
    return (/^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key]) ?? '';
  });
}

/** What Ansible's lineinfile warns of, first thing, when the regexp is empty. */
const EMPTY_REGEXP_WARNING =
  'The regular expression is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending. ' +
  "If this is desired, use '^' to match every line in the file and avoid this warning.";

export const lineinfile: ModuleDef = {
  async run(args, context) {
    const result = await editLines.run(args, context);
    return args.regexp === '' ? { ...result, warnings: [EMPTY_REGEXP_WARNING] } : result;
  },
};

/** lineinfile's edit itself: a line made present or absent. */
const editLines: ModuleDef = {
  async run(args, context) {
    const target = String(requireArg(args, 'path', 'lineinfile', ['dest', 'destfile', 'name']));
    const state = String(args.state ?? 'present');
    const regexp = args.regexp === undefined ? undefined : new RegExp(String(args.regexp));
    const read = await readEditable(context, target);
    if (read.failure) return read.failure;
    let text = read.text;
    const original = text ?? '';
    if (text === undefined) {
      if (state === 'absent') return { changed: false, msg: '', found: 0 };
      if (!ansibleBoolean(args.create ?? false)) return { failed: true, rc: 257, msg: `Destination ${target} does not exist !` };
      text = '';
    }
    const lines = text.length ? text.replace(/\n$/, '').split('\n') : [];
    const matches = (l: string) => (regexp ? regexp.test(l) : l === String(args.line));
    let msg = '';
    let changed = false;
    if (state === 'absent') {
      const kept = lines.filter((l) => !matches(l));
      const removed = lines.length - kept.length;
      if (removed) {
        changed = true;
        msg = `${removed} line(s) removed`;
        lines.splice(0, lines.length, ...kept);
      }
      const after = lines.length ? `${lines.join('\n')}\n` : '';
      if (changed && !context.check) await writeRemote(context, target, after);
      return { changed, msg, found: removed, backup: '', ...textDiff(context, target, original, after) };
    }
    let line = String(requireArg(args, 'line', 'lineinfile'));
    const index = regexp ? lines.map((l, i) => (regexp.test(l) ? i : -1)).filter((i) => i >= 0).pop() : undefined;
    if (regexp && ansibleBoolean(args.backrefs ?? false)) {
      // backrefs: the line is the match's expansion (\1, \g<name>); no match leaves the file as it is
      if (index === undefined) return { changed: false, msg: '', backup: '', ...textDiff(context, target, original, original) };
      line = expandMatch(line, regexp.exec(lines[index])!);
    }
    if (index !== undefined) {
      if (lines[index] !== line) {
        lines[index] = line;
        changed = true;
        msg = 'line replaced';
      }
    } else if (!lines.includes(line)) {
      lines.splice(insertionIndex(lines, args), 0, line);
      changed = true;
      msg = 'line added';
    }
    const after = `${lines.join('\n')}\n`;
    if (changed && !context.check) await writeRemote(context, target, after, normalizeMode(args.mode), original === '' && text === '');
    return { changed, msg, backup: '', ...textDiff(context, target, original, changed ? after : original) };
  },
};
