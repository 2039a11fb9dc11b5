/** The time arguments of a file task deployer's file does not apply. */
function fileTimesNotApplied(args: Record<string, unknown>): string[] {
  const touch = args.state === 'touch';
  return ['modification_time', 'access_time', 'modification_time_format', 'access_time_format'].filter((key) => args[key] !== undefined && args[key] !== null && !(touch && ['now', 'preserve'].includes(String(args[key]))));
}

/** Module names (short and fully qualified) to their implementations. */
import { command, ping, raw, shell } from './commands.js';
import { script } from './script.js';
import { assert, debug, fail, pause, setFact, setStats } from './control.js';
import { copy, file, lineinfile } from './files.js';
import { stat } from './stat.js';
import { slurp } from './slurp.js';
import { includeVars } from './include-vars.js';
import { getent } from './getent.js';
import { addHost, groupBy } from './inventory-actions.js';
import { setup } from './setup.js';
import { template } from './template.js';
import { tempfile } from './tempfile.js';
import { validateArgumentSpec } from './validate-argument-spec.js';
import { apt, fetch, group, systemd, unarchive, user, waitFor } from './system.js';
import { find } from './find.js';
import { blockinfile, replace } from './text-edits.js';
import type { ModuleDef } from './types.js';
import { bridgedModule } from '../bridge/module.js';
import { withAnsibleFallback } from './ansible-fallback.js';

const MODULES: Record<string, ModuleDef> = {
  command,
  shell,
  raw,
  script,
  ping,
  debug,
  set_fact: setFact,
  set_stats: setStats,
  getent,
  add_host: addHost,
  group_by: groupBy,
  include_vars: includeVars,
  setup,
  gather_facts: setup,
  validate_argument_spec: validateArgumentSpec,
  fail,
  assert,
  pause,
  copy,
  template,
  tempfile,
  // the times deployer's file applies: those of a touch, now or kept; a time given otherwise is Ansible's own module's
  file: withAnsibleFallback('file', fileTimesNotApplied, file),
  stat,
  slurp,
  // the text edits' arguments deployer applies; with any other (backup, validate, owner, ...) Ansible's own module runs
  lineinfile: withAnsibleFallback('lineinfile', ['path', 'dest', 'destfile', 'name', 'state', 'regexp', 'regex', 'line', 'value', 'backrefs', 'create', 'insertafter', 'insertbefore', 'mode'], lineinfile),
  blockinfile: withAnsibleFallback('blockinfile', ['path', 'dest', 'destfile', 'name', 'state', 'marker', 'marker_begin', 'marker_end', 'block', 'content', 'create', 'insertafter', 'insertbefore'], blockinfile),
  replace: withAnsibleFallback('replace', ['path', 'dest', 'destfile', 'name', 'regexp', 'replace'], replace),
  find,
  fetch,
  unarchive,
  wait_for: waitFor,
  systemd,
  systemd_service: systemd,
  service: systemd,
  user,
  group,
  apt,
  package: apt,
};

/** Handled by the playbook loader and engine rather than by a module. */
const LOADER_ACTIONS = ['include', 'include_tasks', 'import_tasks', 'include_role', 'import_role', 'import_playbook', 'meta'];

export function moduleNames(): string[] {
  return [...Object.keys(MODULES), ...LOADER_ACTIONS];
}

/** `copy`, `ansible.builtin.copy` and `ansible.legacy.copy` are the same module. */
export function resolveModuleName(name: string): string | undefined {
  const short = name.replace(/^ansible\.(builtin|legacy)\./, '');
  return short in MODULES || LOADER_ACTIONS.includes(short) ? short : undefined;
}

/** include_tasks, import_role, meta, ...: the loader's and engine's, never a module on a host. */
export function isLoaderAction(name: string): boolean {
  return LOADER_ACTIONS.includes(name);
}

/** One of deployer's modules, or (a fully qualified name the loader resolved through ansible-core) the bridge's. */
export function getModule(name: string): ModuleDef {
  const module = MODULES[name] ?? (name.includes('.') ? bridgedModule(name) : undefined);
  if (!module) throw new Error(`no module ${name}`);
  return module;
}
