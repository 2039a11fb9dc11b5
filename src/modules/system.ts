/**
 * Host-level modules: fetch, unarchive, wait_for, systemd/service, user, group,
 * package/apt. Each is a few shell commands plus the reading of their output.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { parseSystemctlShow } from '../inspect/systemd.js';
import { shellQuote as q } from '../transport/become.js';
import { withAnsibleFallback } from './ansible-fallback.js';
import { withUserWarnings } from './user-warnings.js';
import { makeMissingHome } from './user-home.js';
import { findLocalFile } from './files.js';
import { argList, ModuleArgumentError, requireArg, type ModuleContext, type ModuleDef } from './types.js';

export const fetch: ModuleDef = {
  async run(args, context) {
    const src = String(requireArg(args, 'src', 'fetch'));
    const destArg = String(requireArg(args, 'dest', 'fetch'));
    const flat = ansibleBoolean(args.flat ?? false);
    const dest = flat ? (destArg.endsWith('/') ? path.join(destArg, path.basename(src)) : destArg) : path.join(destArg, context.host, src);
    const remote = await context.exec(`base64 -w0 -- ${q(src)}`);
    if (remote.exitCode !== 0) {
      if (ansibleBoolean(args.fail_on_missing ?? true)) return { failed: true, msg: `the remote file does not exist, not transferring, ignored`, file: src };
      return { changed: false, msg: 'the remote file does not exist, not transferring, ignored', file: src };
    }
    const data = Buffer.from(remote.stdout.trim(), 'base64');
    const checksum = crypto.createHash('sha1').update(data).digest('hex');
    const local = fs.existsSync(dest) ? crypto.createHash('sha1').update(fs.readFileSync(dest)).digest('hex') : undefined;
    const changed = local !== checksum;
    if (changed && !context.check) {
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, data);
    }
    return { changed, checksum, dest, remote_checksum: checksum, md5sum: crypto.createHash('md5').update(data).digest('hex') };
  },
};

export const unarchive: ModuleDef = {
  async run(args, context) {
    const src = String(requireArg(args, 'src', 'unarchive'));
    const dest = String(requireArg(args, 'dest', 'unarchive'));
    if (args.creates !== undefined) {
      const exists = await context.exec(`[ -e ${q(String(args.creates))} ]`);
      if (exists.exitCode === 0) return { changed: false, skipped: false, msg: `skipped, since ${String(args.creates)} exists`, dest };
    }
    // remote_src: the archive is already on the host (nothing travels); otherwise it is pushed
    const remote = ansibleBoolean(args.remote_src ?? false);
    const name = remote ? src : findLocalFile(context, 'files', src);
    const data = remote ? undefined : fs.readFileSync(name);
    const input = remote ? q(src) : '-';
    if (remote) {
      const present = await context.exec(`[ -f ${q(src)} ]`);
      if (present.exitCode !== 0) return { failed: true, msg: `Source '${src}' does not exist` };
    }
    const destCheck = await context.exec(`[ -d ${q(dest)} ]`);
    if (destCheck.exitCode !== 0) return { failed: true, msg: `dest '${dest}' must be an existing dir` };
    if (/\.zip$/i.test(name)) {
      if (context.check) return { changed: true, dest, src };
      const run = remote ? `unzip -o -q ${q(src)} -d ${q(dest)}` : `tmp=$(mktemp) && cat > "$tmp" && unzip -o -q "$tmp" -d ${q(dest)}; rc=$?; rm -f "$tmp"; exit $rc`;
      const result = await context.exec(run, { stdin: data });
      if (result.exitCode !== 0) return { failed: true, msg: `Failed to extract ${src}: ${result.stderr.trim()}` };
      return { changed: true, dest, src, handler: 'ZipArchive' };
    }
    const compression = /\.(tgz|tar\.gz)$/i.test(name) ? 'z' : /\.(tbz2|tar\.bz2)$/i.test(name) ? 'j' : /\.(txz|tar\.xz)$/i.test(name) ? 'J' : '';
    // tar --compare tells whether the files are already there, as unarchive's own comparison does;
    // modification times (a folder's is bumped by extracting into it) and the archive's recorded
    // owners (which a non-root user cannot apply) are not differences, as in Ansible
    const compare = await context.exec(`tar -d${compression}f ${input} -C ${q(dest)} 2>&1`, { stdin: data });
    const differences = compare.stdout.split("\n").filter((line) => line.trim() && !/: (Mod time|Uid|Gid) differs$/.test(line));
    const changed = compare.exitCode !== 0 && differences.length > 0;
    if (changed && !context.check) {
      const result = await context.exec(`tar -x${compression}f ${input} -C ${q(dest)}`, { stdin: data });
      if (result.exitCode !== 0) return { failed: true, msg: `Failed to extract ${src}: ${result.stderr.trim()}` };
    }
    return { changed, dest, src, handler: 'TgzArchive' };
  },
};

export const waitFor: ModuleDef = {
  async run(args, context) {
    const timeout = Number(args.timeout ?? 300);
    const delay = Number(args.delay ?? 0);
    const sleep = Number(args.sleep ?? 1);
    const state = String(args.state ?? 'started');
    let check: string;
    let what: string;
    if (args.port !== undefined) {
      const host = String(args.host ?? '127.0.0.1');
      const open = `bash -c ${q(`exec 3<>/dev/tcp/${host}/${Number(args.port)}`)} 2>/dev/null`;
      check = state === 'stopped' || state === 'drained' ? `! ${open}` : open;
      what = `${host}:${Number(args.port)}`;
    } else if (args.path !== undefined) {
      const p = q(String(args.path));
      if (state === 'absent') check = `[ ! -e ${p} ]`;
      else if (args.search_regex !== undefined) check = `[ -e ${p} ] && grep -Eq ${q(String(args.search_regex))} ${p}`;
      else check = `[ -e ${p} ]`;
      what = String(args.path);
    } else {
      await new Promise((resolve) => setTimeout(resolve, (timeout || delay) * 1000));
      return { changed: false, elapsed: timeout || delay };
    }
    const script = `sleep ${delay}; start=$(date +%s); while :; do if ${check}; then echo "ok $(( $(date +%s) - start ))"; exit 0; fi; if [ $(( $(date +%s) - start )) -ge ${timeout} ]; then exit 1; fi; sleep ${sleep}; done`;
    const result = await context.exec(script);
    if (result.exitCode !== 0) {
      const verb = args.port !== undefined ? (state === 'stopped' ? 'to stop on' : 'on') : state === 'absent' ? 'for file to be absent' : 'for file';
      return { failed: true, elapsed: timeout, msg: args.port !== undefined ? `Timeout when waiting ${verb} ${what}` : `Timeout when waiting ${verb} ${what}` };
    }
    return { changed: false, elapsed: Number(result.stdout.trim().split(' ')[1] ?? 0) + delay, state, ...(args.port !== undefined ? { port: Number(args.port) } : { path: what }) };
  },
};

/** A host without systemd gets a clear error instead of systemctl's confusing one. */
const noSystemd = (host: string) => `${host} has no running systemd (no /run/systemd/system): the systemd/service module cannot manage services there`;
const NO_SYSTEMD = '__deployer_no_systemd__';
/** Prefixed to the module's first command: what it prints, and nothing else, on a host without systemd. */
const SYSTEMD_OR_SAY = `{ command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; } || { echo ${NO_SYSTEMD}; exit 0; }`;

export const systemd: ModuleDef = {
  async run(args, context) {
    const name = args.name === undefined ? undefined : String(args.name);
    const commands: string[] = [];
    let changed = false;
    // as Ansible's systemd module: reloading the daemon is not counted as a change
    if (args.daemon_reload !== undefined && ansibleBoolean(args.daemon_reload)) commands.push('systemctl daemon-reload');
    if (!name) {
      if (context.check || !commands.length) {
        const probe = await context.exec(SYSTEMD_OR_SAY);
        return probe.stdout.includes(NO_SYSTEMD) ? { failed: true, msg: noSystemd(context.host) } : { changed };
      }
      const result = await context.exec(`${SYSTEMD_OR_SAY}; ${commands.join(' && ')}`);
      if (result.stdout.includes(NO_SYSTEMD)) return { failed: true, msg: noSystemd(context.host) };
      return { changed };
    }
    // the unit's state and whether it is enabled in one systemctl (what is-active and is-enabled print)
    const status = await context.exec(`${SYSTEMD_OR_SAY}; LC_ALL=C systemctl show -p Id -p ActiveState -p UnitFileState -- ${q(name)} 2>/dev/null`);
    if (status.stdout.includes(NO_SYSTEMD)) return { failed: true, msg: noSystemd(context.host) };
    const unit = parseSystemctlShow(status.stdout)[0];
    const [active, enabled] = [unit?.activeState ?? '', unit?.unitFileState ?? ''];
    if (args.enabled !== undefined) {
      const want = ansibleBoolean(args.enabled);
      if (want !== (enabled === 'enabled')) {
        commands.push(`systemctl ${want ? 'enable' : 'disable'} ${q(name)}`);
        changed = true;
      }
    }
    const state = args.state === undefined ? undefined : String(args.state);
    if (state === 'started' && active !== 'active') commands.push(`systemctl start ${q(name)}`);
    else if (state === 'stopped' && active === 'active') commands.push(`systemctl stop ${q(name)}`);
    else if (state === 'restarted') commands.push(`systemctl restart ${q(name)}`);
    else if (state === 'reloaded') commands.push(`systemctl reload-or-restart ${q(name)}`);
    if (state && commands.some((c) => / (start|stop|restart|reload-or-restart) /.test(c))) changed = true;
    let after = active;
    if (!context.check && commands.length) {
      // the state it ends in, read in the same command: its last line
      const result = await context.exec(`${commands.join(' && ')} || exit $?; systemctl is-active ${q(name)} 2>/dev/null; exit 0`);
      if (result.exitCode !== 0) return { failed: true, name, msg: `Unable to ${state ?? 'change'} service ${name}: ${result.stderr.trim()}` };
      after = result.stdout.trim().split('\n').at(-1) ?? '';
    }
    return { changed, name, state: after === 'active' ? 'started' : 'stopped', enabled: args.enabled === undefined ? enabled === 'enabled' : ansibleBoolean(args.enabled), status: { ActiveState: after } };
  },
};

/** The user module's arguments deployer applies; with any other (expires, generate_ssh_key, ...) Ansible's own module runs. */
const USER_ARGS = ['name', 'state', 'uid', 'group', 'groups', 'append', 'shell', 'home', 'comment', 'system', 'create_home', 'createhome', 'remove', 'force', 'password', 'update_password'];

/** What Ansible's user module reports instead of the password it was given. */
const PASSWORD_SHOWN = { password: 'NOT_LOGGING_PASSWORD' };

/** What the host says of a user: passwd entry, primary group name, supplementary groups. */
async function readUser(context: ModuleContext, name: string, group?: string): Promise<{ entry?: string[]; groups: string[]; groupId?: string }> {
  const n = q(name);
  const script = [`getent passwd ${n} || echo`, `echo ---; id -nG ${n} 2>/dev/null || echo`, `echo ---; ${group === undefined ? 'echo' : `getent group ${q(group)} | cut -d: -f3`}`].join('; ');
  const [passwd, groups, gid] = (await context.exec(script)).stdout.split('---\n').map((part) => part.trim());
  const entry = passwd ? passwd.split(':') : undefined;
  return { entry, groups: groups ? groups.split(/\s+/) : [], groupId: /^\d+$/.test(group ?? '') ? group : gid || undefined };
}

export const user: ModuleDef = withAnsibleFallback('user', USER_ARGS, withUserWarnings({
  async run(args, context) {
    const name = String(requireArg(args, 'name', 'user'));
    const state = String(args.state ?? 'present');
    const group = args.group === undefined ? undefined : String(args.group);
    const current = await readUser(context, name, group);
    const run = async (command: string): Promise<string | undefined> => {
      if (context.check) return undefined;
      const result = await context.exec(command);
      return result.exitCode === 0 ? undefined : result.stderr.trim() || `${command.split(' ')[0]} exited with ${result.exitCode}`;
    };
    if (state === 'absent') {
      if (!current.entry) return { changed: false, name, state: 'absent' };
      const error = await run(`userdel ${ansibleBoolean(args.remove ?? false) ? '-r ' : ''}${ansibleBoolean(args.force ?? false) ? '-f ' : ''}${q(name)}`);
      return error ? { failed: true, name, msg: error } : { changed: true, name, state: 'absent', ...(args.remove !== undefined ? { remove: ansibleBoolean(args.remove) } : {}) };
    }
    if (group !== undefined && current.groupId === undefined) return { failed: true, name, msg: `Group ${group} does not exist` };
    const wantedGroups = args.groups === undefined ? undefined : argList(args.groups).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
    const append = ansibleBoolean(args.append ?? false);
    const flags: string[] = [];
    if (!current.entry) {
      if (args.uid !== undefined) flags.push('-u', String(Number(args.uid)));
      if (group !== undefined) flags.push('-g', q(group));
      if (wantedGroups?.length) flags.push('-G', q(wantedGroups.join(',')));
      if (args.shell !== undefined) flags.push('-s', q(String(args.shell)));
      if (args.home !== undefined) flags.push('-d', q(String(args.home)));
      if (args.comment !== undefined) flags.push('-c', q(String(args.comment)));
      if (ansibleBoolean(args.system ?? false)) flags.push('-r');
      // the password as given: already hashed (crypt(3)), as Ansible's user module takes it
      if (args.password !== undefined) flags.push('-p', q(String(args.password)));
      flags.push(ansibleBoolean(args.create_home ?? args.createhome ?? true) ? '-m' : '-M');
      const error = await run(`useradd ${flags.join(' ')} ${q(name)}`);
      if (error) {
        // another run on this host made the account meanwhile (two components deployed at once): go on as for an existing one
        if ((await readUser(context, name)).entry) return user.run(args, context);
        return { failed: true, name, msg: error };
      }
      const created = context.check ? undefined : await readUser(context, name);
      return { changed: true, name, state: 'present', ...(created?.entry ? describeUser(created.entry) : {}), ...(args.password !== undefined ? PASSWORD_SHOWN : {}) };
    }
    const [, , uid, gid, comment, home, shell] = current.entry;
    // supplementary groups: what `id -nG` lists beyond the primary group
    const primaryName = current.groups[0];
    const supplementary = current.groups.slice(1).filter((g) => g !== primaryName);
    if (args.uid !== undefined && String(Number(args.uid)) !== uid) flags.push('-u', String(Number(args.uid)));
    if (group !== undefined && current.groupId !== gid) flags.push('-g', q(group));
    if (wantedGroups !== undefined) {
      const missing = wantedGroups.filter((g) => !supplementary.includes(g));
      const extra = supplementary.filter((g) => !wantedGroups.includes(g));
      if (append && missing.length) flags.push('-a', '-G', q(missing.join(',')));
      else if (!append && (missing.length || extra.length)) flags.push('-G', q(wantedGroups.join(',')));
    }
    if (args.shell !== undefined && String(args.shell) !== shell) flags.push('-s', q(String(args.shell)));
    if (args.home !== undefined && String(args.home) !== home) flags.push('-d', q(String(args.home)));
    if (args.comment !== undefined && String(args.comment) !== comment) flags.push('-c', q(String(args.comment)));
    // update_password: always (the default) sets a password that differs from the shadow entry's
    if (args.password !== undefined && String(args.update_password ?? 'always') === 'always') {
      const shadow = (await context.exec(`getent shadow ${q(name)}`)).stdout.trim().split(':')[1];
      if (shadow !== String(args.password)) flags.push('-p', q(String(args.password)));
    }
    const shown = args.password !== undefined ? PASSWORD_SHOWN : {};
    const error = flags.length ? await run(`usermod ${flags.join(' ')} ${q(name)}`) : undefined;
    if (error) return { failed: true, name, msg: error };
    const entry = (flags.length && !context.check ? (await readUser(context, name)).entry : undefined) ?? current.entry;
    // as Ansible's module: a home folder that is missing is made, unless create_home says not to
    const homeMade = ansibleBoolean(args.create_home ?? args.createhome ?? true) && (await makeMissingHome(context, entry[5], entry[2], entry[3]));
    return { changed: flags.length > 0 || homeMade, name, state: 'present', ...describeUser(entry), ...shown };
  },
}));

/** The keys Ansible's user module reports for a present user. */
function describeUser(entry: string[]): Record<string, unknown> {
  const [, , uid, gid, comment, home, shell] = entry;
  return { uid: Number(uid), group: Number(gid), comment, home, shell };
}

export const group: ModuleDef = withAnsibleFallback('group', ['name', 'state', 'gid', 'system'], {
  async run(args, context) {
    const name = String(requireArg(args, 'name', 'group'));
    const state = String(args.state ?? 'present');
    const entry = (await context.exec(`getent group ${q(name)}`)).stdout.trim();
    const gid = entry ? entry.split(':')[2] : undefined;
    const wantedGid = args.gid === undefined ? undefined : String(Number(args.gid));
    let command: string | undefined;
    if (state === 'absent') command = gid !== undefined ? `groupdel ${q(name)}` : undefined;
    else if (gid === undefined) command = `groupadd ${wantedGid ? `-g ${wantedGid} ` : ''}${ansibleBoolean(args.system ?? false) ? '-r ' : ''}${q(name)}`;
    else if (wantedGid !== undefined && wantedGid !== gid) command = `groupmod -g ${wantedGid} ${q(name)}`;
    if (command && !context.check) {
      const result = await context.exec(command);
      if (result.exitCode !== 0) return { failed: true, name, msg: result.stderr.trim() };
    }
    const finalGid = state === 'absent' ? undefined : command && !context.check ? (await context.exec(`getent group ${q(name)}`)).stdout.split(':')[2] : wantedGid ?? gid;
    return { changed: Boolean(command), name, state, ...(finalGid ? { gid: Number(finalGid) } : {}), ...(state !== 'absent' ? { system: ansibleBoolean(args.system ?? false) } : {}) };
  },
});

/** package/apt: Debian's dpkg and apt-get; skipped with a clear message when not root. */
export const apt: ModuleDef = {
  async run(args, context) {
    const names = argList(args.name ?? args.pkg);
    const state = String(args.state ?? 'present');
    if (!names.length && !ansibleBoolean(args.update_cache ?? false)) throw new ModuleArgumentError('apt needs a name (or update_cache)');
    // per package: its dpkg status, and whether apt knows it at all (`known`)
    const probe = await context.exec(
      `id -u; command -v apt-get >/dev/null && echo apt || echo none; for p in ${names.map(q).join(' ')}; do echo "$p=$(apt-cache show "$p" >/dev/null 2>&1 && echo known)=$(dpkg-query -W -f='\${Status}' "$p" 2>/dev/null)"; done`,
    );
    const [uid, tool, ...statuses] = probe.stdout.trim().split('\n');
    if (tool !== 'apt') return { failed: true, msg: `${context.host} has no apt-get: only Debian-family hosts are supported by the package module so far` };
    const installed = new Set(statuses.filter((s) => s.endsWith('install ok installed')).map((s) => s.split('=')[0]));
    const unknown = statuses.filter((s) => s.split('=')[1] !== 'known' && !installed.has(s.split('=')[0])).map((s) => s.split('=')[0]);
    if (state !== 'absent' && unknown.length) return { failed: true, msg: `No package matching '${unknown[0]}' is available` };
    const todo = state === 'absent' ? names.filter((n) => installed.has(n)) : state === 'latest' ? names : names.filter((n) => !installed.has(n));
    if (!todo.length && !ansibleBoolean(args.update_cache ?? false)) return { changed: false, msg: 'all packages are already in the requested state' };
    if (uid !== '0') {
      return { changed: false, skipped: true, msg: `not root on ${context.host}: packages ${todo.join(', ')} need ${state === 'absent' ? 'removing' : 'installing'}; run the task with become: true` };
    }
    if (context.check) return { changed: todo.length > 0 };
    const env = 'DEBIAN_FRONTEND=noninteractive';
    const commands = [
      ...(ansibleBoolean(args.update_cache ?? false) ? [`${env} apt-get update -qq`] : []),
      ...(todo.length ? [state === 'absent' ? `${env} apt-get remove -y -qq ${todo.map(q).join(' ')}` : `${env} apt-get install -y -qq --no-install-recommends ${todo.map(q).join(' ')}`] : []),
    ];
    const result = await context.exec(commands.join(' && '));
    if (result.exitCode !== 0) return { failed: true, msg: result.stderr.trim() || result.stdout.trim(), rc: result.exitCode };
    if (state === 'latest' && !todo.some((n) => !installed.has(n))) {
      return { changed: /\bupgraded\b|Unpacking/.test(result.stdout), stdout: result.stdout };
    }
    return { changed: true, stdout: result.stdout };
  },
};
