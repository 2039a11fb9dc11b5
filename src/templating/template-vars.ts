/**
 * The variables Ansible adds when it renders a template file, for the template module and the
 * template lookup alike (generate_ansible_template_vars): the controller's name, the template's
 * path as given and in full, its owner, its modification time and the time of the run (Python
 * datetimes, here as their text), where it goes, and ansible_managed.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Vars } from '../inventory/vars.js';

/** Python's str() of a datetime: `2024-05-01 12:30:00.123456`, without the fraction when it is 0. */
function pythonDatetime(microseconds: number): string {
  const date = new Date(Math.floor(microseconds / 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const fraction = microseconds % 1_000_000;
  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return fraction === 0 ? text : `${text}.${pad(fraction, 6)}`;
}

/** The name of a user id, from /etc/passwd (as Python's pwd.getpwuid on a usual system). */
function userName(uid: number): string | undefined {
  try {
    return fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':')).find((fields) => fields[2] === String(uid))?.[0];
  } catch {
    return undefined;
  }
}

/** `path` as the task or lookup gave it, `fullpath` the file found, `destPath` where the module writes it. */
export function ansibleTemplateVars(path: string, fullpath: string, destPath?: string): Vars {
  const stat = fs.statSync(fullpath, { bigint: true });
  return {
    template_host: os.hostname(),
    template_path: path,
    template_mtime: pythonDatetime(Number(stat.mtimeNs / 1000n)),
    template_uid: userName(Number(stat.uid)) ?? String(stat.uid),
    template_run_date: pythonDatetime(Date.now() * 1000),
    template_destpath: destPath ?? null,
    template_fullpath: fullpath,
    // DEFAULT_MANAGED_STR, which names no {host}, {uid} or {file} and no strftime field
    ansible_managed: 'Ansible managed',
  };
}
