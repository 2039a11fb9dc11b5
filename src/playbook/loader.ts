/**
 * Loading playbooks: YAML as Ansible reads it, every play, block and task checked for unknown
 * keywords and unknown modules before anything runs, each error naming file, line and task.
 * Static imports (import_tasks, import_playbook, import_role, roles) are read at load time;
 * dynamic includes (include_tasks, include_role) when they are reached, as in Ansible.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import { ParseError } from '../errors.js';
import { readUserText } from '../formats/read-file.js';
import { loadDataFile, MAX_ALIAS_EXPANSIONS, parseYaml, yamlLib, type LoadedYaml } from '../formats/yaml.js';
import { combineVars, isMapping, type Vars } from '../inventory/vars.js';
import { hasTemplate } from '../templating/jinja.js';
import { moduleNames } from '../modules/registry.js';
import { findLookup } from '../templating/lookups/registry.js';
import { BLOCK_KEYWORDS, PLAY_KEYWORDS, WITH_LOOP } from './keywords.js';
import type { BlockDef, IncludeDef, Inheritable, Item, Origin, PlayDef, RoleDef, RoleRef, TaskDef } from './model.js';
import { moduleKeys, taskAction, TaskActionError, type ResolveModule, type TaskAction } from './task-action.js';
import { collectionList, resolveTaskModule, unknownModuleHint } from '../bridge/names.js';
import { bridge } from '../bridge/bridge.js';
import { defaultRoleSources, findRole, roleSearchPath, type RoleSearch, type RoleSources } from './role-search.js';
import { listedKeywords, NO_KEYWORDS, nextRoleInstance, roleBlock, roleEntry, roleFrom, roleHandlers, roleInstances, type LoadedRole, type RoleCache, type RoleEntry, type RoleFrom } from './roles.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { validationTask } from './argument-specs.js';

/** Plain data with the line of every mapping and sequence kept aside. */
interface Located {
  data: unknown;
  line(value: unknown): number | undefined;
  keyLine(value: unknown, key: string): number | undefined;
}

function locate(loaded: LoadedYaml): Located {
  const lines = new WeakMap<object, number>();
  const keyLines = new WeakMap<object, Map<string, number>>();
  const { isMap, isSeq, isScalar, isAlias } = yamlLib();
  let expansions = 0;
  const convert = (node: unknown): unknown => {
    if (isAlias(node)) {
      // every expansion counts, those inside expanded anchors too: an alias bomb stops here
      if (++expansions > MAX_ALIAS_EXPANSIONS) throw new ParseError({ file: loaded.file, line: loaded.lineOf(node) }, `YAML aliases expand more than ${MAX_ALIAS_EXPANSIONS} times`);
      return convert(node.resolve(loaded.document));
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const keys = new Map<string, number>();
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (key === '<<') {
          const merged = convert(pair.value);
          for (const source of Array.isArray(merged) ? merged : [merged]) if (isMapping(source)) Object.assign(result, { ...source, ...result });
          continue;
        }
        result[key] = convert(pair.value);
        const line = loaded.lineOf(pair.key as Node);
        if (line) keys.set(key, line);
      }
      const line = loaded.lineOf(node);
      if (line) lines.set(result, line);
      keyLines.set(result, keys);
      return result;
    }
    if (isSeq(node)) {
      const result = node.items.map(convert);
      const line = loaded.lineOf(node);
      if (line) lines.set(result, line);
      return result;
    }
    if (isScalar(node)) return node.value;
    return node ?? null;
  };
  return {
    data: convert(loaded.document.contents),
    line: (value) => (value && typeof value === 'object' ? lines.get(value) : undefined),
    keyLine: (value, key) => (value && typeof value === 'object' ? keyLines.get(value)?.get(key) : undefined),
  };
}

function readYaml(file: string): Located {
  return locate(parseYaml(readUserText(file, 'Playbook file'), file));
}

const asList = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const asStrings = (value: unknown): string[] =>
  asList(value).flatMap((v) => (typeof v === 'string' ? v.split(',') : [String(v)])).map((s) => s.trim()).filter(Boolean);

interface Context {
  doc: Located;
  file: string;
  baseDir: string;
  role?: RoleRef;
  /** Where the roles this file names are looked for. */
  roles: RoleSearch;
  /** Files being imported, to refuse import cycles. */
  stack: string[];
  /** Loaded by a dynamic include (include_tasks, include_role) while the play runs: a legacy `include` in it is dynamic too. */
  dynamic?: boolean;
  /** The play's role instances, shared by `roles:` and `import_role` (Ansible's ROLE_CACHE). */
  roleCache?: RoleCache;
  /** The `collections:` keyword that applies here (the play's, or a role's meta), for short module names. */
  collections?: string[];
}

/** Module names as Ansible finds them here: deployer's own, else ansible-core's (the bridge), with the collections that apply. */
function moduleResolver(context: Pick<Context, 'collections' | 'role'>): ResolveModule {
  const collections = collectionList(context.collections ?? [], context.role?.collection);
  return (name) => resolveTaskModule(name, collections);
}

function fail(context: Context, value: unknown, detail: string, key?: string): never {
  throw new ParseError({ file: context.file, line: (key ? context.doc.keyLine(value, key) : undefined) ?? context.doc.line(value) }, detail);
}

/** `vars:` as a dictionary or, as Ansible also reads it, a list of dictionaries merged in order. */
function loadVars(context: Context, raw: Record<string, unknown>, owner: string): Vars {
  const vars = raw.vars;
  if (vars === undefined || vars === null) return {};
  if (isMapping(vars)) return vars;
  if (Array.isArray(vars) && vars.every(isMapping)) return vars.reduce<Vars>((all, item) => combineVars(all, item), {});
  return fail(context, raw, `Vars in a ${owner} must be specified as a dictionary, or a list of dictionaries`, 'vars');
}

function inheritable(context: Context, raw: Record<string, unknown>, owner: 'Play' | 'Block' | 'Task' | 'RoleInclude'): Inheritable {
  const vars = loadVars(context, raw, owner);
  return {
    tags: asStrings(raw.tags),
    when: asList(raw.when).map((w) => (typeof w === 'string' ? w : String(w))),
    vars: vars as Vars,
    // a dictionary, a template of one (`"{{ proxy_env }}"`) or a list of them, as Ansible's list attribute
    environment: raw.environment === undefined || raw.environment === null ? undefined : asList(raw.environment),
    become: raw.become,
    becomeUser: raw.become_user,
    ignoreErrors: raw.ignore_errors,
    ignoreUnreachable: raw.ignore_unreachable,
    checkMode: raw.check_mode,
    diff: raw.diff,
    noLog: raw.no_log,
    anyErrorsFatal: raw.any_errors_fatal,
    runOnce: raw.run_once,
    delegateTo: raw.delegate_to,
    throttle: raw.throttle,
  };
}

function taskName(raw: Record<string, unknown>): string {
  return typeof raw.name === 'string' ? ` (task '${raw.name}')` : '';
}

function loadItems(context: Context, value: unknown, where: string): Item[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(context, value, `${where} must be a list of tasks`);
  return (value as unknown[]).flatMap((raw) => loadItem(context, raw));
}

function loadItem(context: Context, raw: unknown): Item[] {
  if (!isMapping(raw)) return fail(context, raw, `A task must be a dictionary, got: ${JSON.stringify(raw)}`);
  const origin: Origin = { file: context.file, line: context.doc.line(raw) };
  if ('block' in raw) {
    for (const key of Object.keys(raw)) {
      if (!BLOCK_KEYWORDS.has(key)) fail(context, raw, `'${key}' is not a valid attribute for a Block${taskName(raw)}`, key);
    }
    const block: BlockDef = {
      kind: 'block',
      name: raw.name as string | undefined,
      ...inheritable(context, raw, 'Block'),
      block: loadItems(context, raw.block, 'block'),
      rescue: loadItems(context, raw.rescue, 'rescue'),
      always: loadItems(context, raw.always, 'always'),
      origin,
    };
    return [block];
  }
  const keys = moduleKeys(raw);
  const resolve = moduleResolver(context);
  const unknown = keys.filter((key) => !resolve(key));
  if (unknown.length && keys.length + (raw.action !== undefined || raw.local_action !== undefined ? 1 : 0) > 1) {
    fail(context, raw, `'${unknown[0]}' is not a valid attribute for a Task, nor a known module${taskName(raw)}`, unknown[0]);
  }
  let action: TaskAction | undefined;
  try {
    action = taskAction(raw, resolve);
  } catch (error) {
    const key = error instanceof TaskActionError ? error.key : keys[0] ?? (raw.action !== undefined ? 'action' : 'local_action');
    return fail(context, raw, `${(error as Error).message}${taskName(raw)}`, key);
  }
  if (!action && unknown.length) fail(context, raw, `couldn't resolve module/action '${unknown[0]}'. This often indicates a misspelling or missing collection${unknownModuleHint()}${taskName(raw)}`, unknown[0]);
  if (!action) return fail(context, raw, `no module/action detected in task${taskName(raw)}`);
  const { module, args } = action;
  // local_action: the task runs on the controller, as `delegate_to: localhost`
  const common = { ...inheritable(context, raw, 'Task'), ...(action.local ? { delegateTo: 'localhost' } : {}) };
  const loopKey = Object.keys(raw).find((k) => WITH_LOOP.test(k));
  if (loopKey && raw.loop !== undefined) fail(context, raw, `a task cannot have both 'loop' and '${loopKey}'${taskName(raw)}`, loopKey);
  // as Ansible: `with_<name>` loops over the lookup of that name; any other with_ key is no attribute of a task
  if (loopKey && !findLookup(loopKey.slice('with_'.length))) fail(context, raw, `'${loopKey}' is not a valid attribute for a Task`, loopKey);
  if (loopKey && (raw[loopKey] === null || raw[loopKey] === undefined)) fail(context, raw, `you must specify a value when using ${loopKey}`, loopKey);

  if (module === 'import_tasks') {
    const file = resolveTasksFile(context, String(args._raw_params ?? args.file ?? ''), raw, action.key);
    const imported = withNotify(loadTaskFile(context, file), asStrings(raw.notify));
    return [withInherited(imported, common, common.vars)];
  }
  if (module === 'import_role' || module === 'include_role') checkRoleArgs(context, raw, action);
  if (module === 'import_role') {
    // as Ansible's IncludeRole: never the instance of a `roles:` entry, and duplicates allowed unless it says otherwise
    const from = roleFrom(args);
    const vars = common.vars;
    const entry = roleEntry(String(args.name ?? args.role ?? args._raw_params ?? ''), () => NO_KEYWORDS, { ...from }, vars);
    const role = loadRole(context, entry, raw, action.key, [], from);
    return [roleBlock({ ...role, allowDuplicates: ansibleBoolean(args.allow_duplicates ?? true) }, { ...common, vars })];
  }
  // the deprecated `include`: its other arguments are variables of the included tasks; static
  // (an import) unless its file name is a template, it has a loop or it is in a dynamic include
  const legacy = module === 'include' ? legacyInclude(context, raw, action) : undefined;
  if (legacy && !legacy.dynamic) {
    const imported = withNotify(loadTaskFile(context, resolveTasksFile(context, legacy.file, raw, action.key)), asStrings(raw.notify));
    return [withInherited(imported, common, { ...common.vars, ...legacy.params })];
  }
  if (module === 'include_tasks' || module === 'include_role' || legacy) {
    const include: IncludeDef = {
      kind: 'include',
      name: raw.name as string | undefined,
      what: module === 'include_role' ? 'role' : 'tasks',
      action: action.written,
      target: String(args._raw_params ?? args.file ?? args.name ?? args.role ?? ''),
      taskVars: { ...common.vars, ...legacy?.params },
      ...(module === 'include_role' && Object.keys(roleFrom(args)).length ? { roleFrom: roleFrom(args) } : {}),
      ...common,
      ...(loopKey || raw.loop !== undefined ? { loop: loopKey ? { kind: loopKey, value: raw[loopKey] } : { kind: 'loop', value: raw.loop } } : {}),
      ...(isMapping(raw.loop_control) ? { loopControl: raw.loop_control } : {}),
      origin,
      baseDir: context.role ? path.join(context.role.path, 'tasks') : context.baseDir,
      role: context.role,
      ...(context.collections?.length ? { collections: context.collections } : {}),
    };
    return [include];
  }

  const task: TaskDef = {
    kind: 'task',
    name: raw.name === undefined ? undefined : String(raw.name),
    module,
    action: action.written,
    args,
    ...common,
    register: raw.register === undefined ? undefined : String(raw.register),
    notify: asStrings(raw.notify),
    listen: asStrings(raw.listen),
    changedWhen: raw.changed_when,
    failedWhen: raw.failed_when,
    loop: loopKey ? { kind: loopKey, value: raw[loopKey] } : raw.loop === undefined ? undefined : { kind: 'loop', value: raw.loop },
    loopControl: isMapping(raw.loop_control) ? raw.loop_control : undefined,
    until: raw.until,
    retries: raw.retries,
    delay: raw.delay,
    ...(raw.async !== undefined ? { async: raw.async } : {}),
    origin,
    role: context.role,
  };
  return [task];
}

/** What a legacy `include` names: its file, whether it is dynamic, and the parameters that become variables. */
function legacyInclude(context: Context, raw: Record<string, unknown>, action: TaskAction): { file: string; dynamic: boolean; params: Vars } {
  const { _raw_params: rawParams, file, ...params } = action.args;
  const target = rawParams || file;
  if (!target) fail(context, raw, `No file specified for ${action.written}`, action.key);
  const loop = raw.loop !== undefined || Object.keys(raw).some((key) => WITH_LOOP.test(key));
  return { file: String(target), dynamic: hasTemplate(String(target)) || Boolean(context.dynamic) || loop, params };
}

const ROLE_ARGS = ['name', 'role', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'apply', 'public', 'allow_duplicates', 'rolespec_validate'];

/** As Ansible's IncludeRole.load: a role name is required (`name` or `role`), other options refused. */
function checkRoleArgs(context: Context, raw: Record<string, unknown>, action: TaskAction): void {
  if (action.args.name === undefined && action.args.role === undefined) fail(context, raw, `'name' is a required field for ${action.written}.`, action.key);
  const invalid = Object.keys(action.args).filter((key) => !ROLE_ARGS.includes(key));
  if (invalid.length) fail(context, raw, `Invalid options for ${action.written}: ${invalid.join(',')}`, action.key);
}

/** As Ansible's parent attributes: an import's `notify` is that of each task it imports that has none of its own. */
function withNotify(items: Item[], notify: string[]): Item[] {
  if (!notify.length) return items;
  return items.map((item) => {
    if (item.kind === 'task') return item.notify.length ? item : { ...item, notify };
    if (item.kind === 'block') return { ...item, block: withNotify(item.block, notify), rescue: withNotify(item.rescue, notify), always: withNotify(item.always, notify) };
    return item;
  });
}

/** Imported tasks sit in a block that carries the import's tags, when and vars. */
function withInherited(items: Item[], common: Inheritable, vars: Vars): BlockDef {
  return { kind: 'block', ...common, vars, block: items, rescue: [], always: [], origin: items[0]?.origin ?? { file: '?' } };
}

function resolveTasksFile(context: Context, name: string, raw: unknown, key: string): string {
  if (!name) fail(context, raw, `no file given to ${key}`, key);
  // in a role, as Ansible's path_dwim_relative: its tasks/, the folder of the file (handlers/ for a handler), the role, then the playbook's folder
  const candidates = context.role
    ? [...new Set([path.join(context.role.path, 'tasks', name), path.join(context.baseDir, name), path.join(context.role.path, name), path.join(context.roles.baseDir, name)])]
    : [path.join(context.baseDir, name)];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) fail(context, raw, `Could not find or access '${name}' (looked in ${candidates.join(', ')})`, key);
  return found!;
}

export function loadTaskFile(parent: Pick<Context, 'role' | 'roles' | 'stack' | 'dynamic' | 'roleCache' | 'collections'>, file: string): Item[] {
  if (parent.stack.includes(file)) throw new ParseError({ file }, `recursive import of ${file}`);
  const doc = readYaml(file);
  const context: Context = { doc, file, baseDir: path.dirname(file), role: parent.role, roles: parent.roles, stack: [...parent.stack, file], dynamic: parent.dynamic, roleCache: parent.roleCache, collections: parent.collections };
  if (doc.data === null) return [];
  return loadItems(context, doc.data, `${file}`);
}

function loadVarsFile(file: string): Vars {
  if (!fs.existsSync(file)) return {};
  const { data } = loadDataFile(readUserText(file, 'Vars file'), file);
  if (data === null) return {};
  if (!isMapping(data)) throw new ParseError({ file }, 'expected a dictionary of variables');
  return data;
}

function firstExisting(dir: string, base: string): string | undefined {
  return ['main.yml', 'main.yaml', 'main'].map((f) => path.join(dir, base, f)).find((f) => fs.existsSync(f));
}

/**
 * A role where it is listed: the play's instance for that name and those parameters, or a new
 * one (its dependencies loaded the same way, with theirs). `from` picks other files than main.yml
 * (tasks_from, handlers_from, vars_from, defaults_from).
 * `roleBaseDir`: for a meta dependency, the folder of the role that depends on it (searched too, as in Ansible).
 */
function loadRole(context: Context, entry: RoleEntry, raw: unknown, key: string, seen: string[] = [], from: RoleFrom = {}, roleBaseDir?: string): LoadedRole {
  const name = entry.name;
  if (!name) fail(context, raw, 'a role needs a name', key);
  const search: RoleSearch = { ...context.roles, roleBaseDir };
  const found = findRole(name, search);
  if (!found) return fail(context, raw, `the role '${name}' was not found in ${roleSearchPath(search).join(':')}`, key);
  if (seen.includes(name)) fail(context, raw, `role dependency cycle: ${[...seen, name].join(' -> ')}`, key);
  const rolePath = found.path;
  const cache = context.roleCache ?? new Map();
  const cached = cache.get(`${rolePath}\0${entry.identity}`);
  if (cached) return cached;
  // a legacy role's library/ and plugin folders join Ansible's search path (the bridge's)
  if (!found.collection) bridge().addPluginDirs(rolePath);
  const role: RoleRef & { instance: number } = { name: found.name, path: rolePath, ...(found.collection ? { collection: found.collection } : {}), instance: nextRoleInstance() };
  // names written in a collection's role are looked for in that collection first
  const roleContext: Pick<Context, 'role' | 'roles' | 'stack' | 'dynamic' | 'roleCache' | 'collections'> = {
    role,
    roles: { baseDir: context.roles.baseDir, sources: context.roles.sources, collection: found.collection },
    stack: context.stack,
    dynamic: context.dynamic,
    roleCache: cache,
  };
  // a folder's main.yml, or the file a *_from argument names (as Ansible's _load_role_yaml looks for it)
  const fileOf = (folder: keyof RoleFrom): string | undefined => {
    const wanted = from[folder];
    if (wanted === undefined) return firstExisting(rolePath, folder);
    const file = ['', '.yml', '.yaml', '.json'].map((ext) => path.join(rolePath, folder, `${wanted}${ext}`)).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
    return file ?? fail(context, raw, `Could not find specified file in role: ${folder}/${wanted}`, key);
  };
  const tasksFile = fileOf('tasks');
  const handlersFile = fileOf('handlers');
  const metaFile = firstExisting(rolePath, 'meta');
  const meta = metaFile ? readYaml(metaFile) : undefined;
  const metaData = isMapping(meta?.data) ? meta!.data : {};
  // a role's tasks search the collections of its meta, not the play's (as Ansible)
  roleContext.collections = asStrings(metaData.collections);
  const dependencies = asList(metaData.dependencies).map((dep) => {
    const depContext: Context = { ...context, ...roleContext, doc: meta!, file: metaFile!, baseDir: context.baseDir };
    const depEntry = roleEntry(dep, (depRaw) => inheritable(depContext, depRaw, 'RoleInclude'));
    return { role: loadRole(depContext, depEntry, dep, 'dependencies', [...seen, name], {}, path.dirname(rolePath)), keywords: depEntry.keywords };
  });
  const loaded: LoadedRole = {
    ...role,
    params: entry.params,
    allowDuplicates: metaData.allow_duplicates !== undefined && ansibleBoolean(metaData.allow_duplicates),
    defaults: (() => {
      const f = fileOf('defaults');
      return f ? loadVarsFile(f) : {};
    })(),
    vars: (() => {
      const f = fileOf('vars');
      return { ...(f ? loadVarsFile(f) : {}), ...entry.vars };
    })(),
    tasks: (() => {
      const tasks = tasksFile ? loadTaskFile(roleContext, tasksFile) : [];
      const validation = validationTask(role, metaData, from.tasks ?? 'main', entry.params);
      return validation ? [validation, ...tasks] : tasks;
    })(),
    handlers: handlersFile ? loadTaskFile(roleContext, handlersFile) : [],
    dependencies,
  };
  cache.set(`${rolePath}\0${entry.identity}`, loaded);
  return loaded;
}

/** A role reached by `include_role` while the play runs: its block (dependencies first), handlers, defaults and vars. */
export function loadIncludedRole(name: string, search: RoleSearch, origin: Origin, from: RoleFrom = {}): RoleDef & { instance: number; tasks: Item[]; handlers: Item[] } {
  const context: Context = { doc: { data: null, line: () => origin.line, keyLine: () => origin.line }, file: origin.file, baseDir: search.baseDir, roles: search, stack: [], dynamic: true };
  const role = loadRole(context, roleEntry(name, () => NO_KEYWORDS, { ...from }), undefined, 'include_role', [], from);
  // include_role allows duplicates unless told otherwise (its allow_duplicates option)
  const block = roleBlock({ ...role, allowDuplicates: true }, NO_KEYWORDS);
  const all = roleInstances([role]);
  return { ...role, tasks: [block], handlers: roleHandlers([role]), defaults: Object.assign({}, ...all.map((r) => r.defaults)), vars: Object.assign({}, ...all.map((r) => r.vars)) };
}

export interface LoadedPlaybook {
  file: string;
  plays: PlayDef[];
  /** What the playbook asks for that deployer does differently (shown before the run). */
  warnings: string[];
}

export function loadPlaybook(file: string, sources: RoleSources = defaultRoleSources(), stack: string[] = []): LoadedPlaybook {
  const absolute = path.resolve(file);
  if (stack.includes(absolute)) throw new ParseError({ file: absolute }, `recursive import_playbook of ${absolute}`);
  const doc = readYaml(absolute);
  const baseDir = path.dirname(absolute);
  const context: Context = { doc, file: absolute, baseDir, roles: { baseDir, sources }, stack: [...stack, absolute] };
  if (!Array.isArray(doc.data)) fail(context, doc.data, 'A playbook must be a list of plays');
  const plays: PlayDef[] = [];
  const warnings: string[] = [];
  for (const raw of doc.data as unknown[]) {
    if (!isMapping(raw)) fail(context, raw, 'A play must be a dictionary');
    if ('import_playbook' in raw || 'ansible.builtin.import_playbook' in raw) {
      const target = String(raw.import_playbook ?? raw['ansible.builtin.import_playbook']);
      const imported = loadPlaybook(path.resolve(baseDir, target), sources, context.stack);
      // as Ansible's PlaybookInclude: the import's vars over each play's, its tags added to theirs
      const importVars = loadVars(context, raw, 'Play');
      const importTags = asStrings(raw.tags);
      plays.push(...imported.plays.map((play) => ({ ...play, vars: { ...play.vars, ...importVars }, tags: [...new Set([...play.tags, ...importTags])] })));
      warnings.push(...imported.warnings);
      continue;
    }
    for (const key of Object.keys(raw)) {
      if (!PLAY_KEYWORDS.has(key)) fail(context, raw, `'${key}' is not a valid attribute for a Play`, key);
    }
    if (raw.hosts === undefined || raw.hosts === null) fail(context, raw, "the field 'hosts' is required but was not set");
    const roleCache: RoleCache = new Map();
    const playContext: Context = { ...context, roleCache, collections: asStrings(raw.collections) };
    // a role named by a bare string has no line of its own: point at the play's `roles:`
    const listed = asList(raw.roles).map((item) => {
      const entry = roleEntry(item, (entryRaw) => inheritable(context, entryRaw, 'RoleInclude'));
      return { role: loadRole(playContext, entry, isMapping(item) ? item : raw, 'roles'), keywords: entry.keywords };
    });
    const common = inheritable(context, raw, 'Play');
    const roleBlocks: Item[] = listed.map(({ role, keywords }) => roleBlock(role, keywords));
    const preTasks = loadItems(playContext, raw.pre_tasks, 'pre_tasks');
    const tasks = loadItems(playContext, raw.tasks, 'tasks');
    const postTasks = loadItems(playContext, raw.post_tasks, 'post_tasks');
    const handlers = loadItems(playContext, raw.handlers, 'handlers');
    plays.push({
      ...common,
      name: raw.name === undefined ? asStrings(raw.hosts).join(',') : String(raw.name),
      hosts: Array.isArray(raw.hosts) ? (raw.hosts as unknown[]).map(String).join(',') : String(raw.hosts),
      hostPatterns: Array.isArray(raw.hosts) ? (raw.hosts as unknown[]).map(String) : [String(raw.hosts)],
      gatherFacts: raw.gather_facts === undefined ? true : ['true', 'yes', 'on', '1'].includes(String(raw.gather_facts).toLowerCase()),
      ...(raw.gather_facts !== undefined && raw.gather_facts !== null ? { gatherFactsKeyword: ansibleBoolean(raw.gather_facts) } : {}),
      ...(raw.gather_subset !== undefined ? { gatherSubset: raw.gather_subset } : {}),
      ...(raw.fact_path !== undefined && raw.fact_path !== null ? { factPath: String(raw.fact_path) } : {}),
      serial: raw.serial,
      ...(raw.strategy !== undefined && raw.strategy !== null ? { strategy: String(raw.strategy) } : {}),
      ...(raw.order !== undefined && raw.order !== null ? { order: String(raw.order) } : {}),
      maxFailPercentage: raw.max_fail_percentage === undefined ? undefined : Number(raw.max_fail_percentage),
      ...(raw.force_handlers !== undefined && raw.force_handlers !== null ? { forceHandlers: ansibleBoolean(raw.force_handlers) } : {}),
      varsFiles: asStrings(raw.vars_files),
      // as Ansible: every role of the play (roles: and import_role) gives its defaults and vars to all tasks
      roles: [...roleCache.values()].map(({ name, path: p, collection, instance, defaults, vars, params }) => ({ name, path: p, ...(collection ? { collection } : {}), instance, defaults, vars, params })),
      roleSources: sources,
      preTasks,
      tasks: [...roleBlocks, ...tasks],
      postTasks,
      handlers: [...roleHandlers([...roleCache.values()], listedKeywords(listed)), ...handlers],
      origin: { file: absolute, line: doc.line(raw) },
      baseDir,
    });
  }
  return { file: absolute, plays, warnings };
}

export { moduleNames };
