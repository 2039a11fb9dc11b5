/** A loaded playbook: plays, blocks and tasks, each remembering where it was written. */
import type { Vars } from '../inventory/vars.js';
import type { RoleSources } from './role-search.js';

export interface Origin {
  file: string;
  line?: number;
}

/** Keywords shared by plays, blocks and tasks, inherited downwards. */
export interface Inheritable {
  tags: string[];
  when: string[];
  vars: Vars;
  /** `environment` of each level, outermost first: dictionaries or templates of one, merged when a task runs. */
  environment?: unknown[];
  become?: unknown;
  becomeUser?: unknown;
  ignoreErrors?: unknown;
  ignoreUnreachable?: unknown;
  checkMode?: unknown;
  /** The `diff` keyword: show (or hide) what file-changing modules change, whatever --diff says. */
  diff?: unknown;
  noLog?: unknown;
  anyErrorsFatal?: unknown;
  runOnce?: unknown;
  delegateTo?: unknown;
  /** At most this many hosts run the task at once. */
  throttle?: unknown;
}

export interface TaskDef extends Inheritable {
  kind: 'task';
  name?: string;
  module: string;
  /** The module as written (`ansible.builtin.copy`): the name of a task without one. */
  action: string;
  args: Record<string, unknown>;
  register?: string;
  notify: string[];
  listen: string[];
  changedWhen?: unknown;
  failedWhen?: unknown;
  loop?: unknown;
  loopControl?: Record<string, unknown>;
  until?: unknown;
  retries?: unknown;
  delay?: unknown;
  /** `async:` seconds (not templated yet): the modules Ansible cannot run in the background refuse it. */
  async?: unknown;
  origin: Origin;
  /** The role this task comes from, for `role : task` names and role files/templates. */
  role?: TaskRole;
}

/** A role as its tasks know it: `instance` tells apart the same role with other parameters. */
export type TaskRole = RoleRef;

export interface BlockDef extends Inheritable {
  kind: 'block';
  name?: string;
  /** The block that runs a role (with its dependencies): a host that already ran this instance skips it. */
  role?: { instance: number; allowDuplicates: boolean };
  block: Item[];
  rescue: Item[];
  always: Item[];
  origin: Origin;
}

/** `include_tasks` / `include_role`: resolved per host when reached, as in Ansible. */
export interface IncludeDef extends Inheritable {
  kind: 'include';
  name?: string;
  what: 'tasks' | 'role';
  /** The action as written (`include_tasks`, `include`, ...): the banner of an include without a name. */
  action: string;
  target: string;
  taskVars: Vars;
  /** `loop` (or a `with_*` form) on include_tasks / include_role: the include runs once per item. */
  loop?: TaskDef['loop'];
  loopControl?: Vars;
  origin: Origin;
  baseDir: string;
  /** The role whose tasks include this: its name prefixes the include's, and the included tasks are the role's. */
  role?: TaskRole;
  /** The `collections:` keyword where the include is written (the play's, or its role's meta): the included tasks' short module names use it. */
  collections?: string[];
  /** include_role's tasks_from, handlers_from, vars_from, defaults_from, as written (templates rendered when it runs). */
  roleFrom?: Partial<Record<'tasks' | 'handlers' | 'vars' | 'defaults', string>>;
}

export type Item = TaskDef | BlockDef | IncludeDef;

export interface RoleRef {
  name: string;
  path: string;
  /** `namespace.collection` of a role from a collection (its tasks show as `ns.coll.role : task`). */
  collection?: string;
  /** Which of the play's roles this is: a role listed with other parameters (or keywords) is another instance. */
  instance?: number;
}

export interface RoleDef extends RoleRef {
  defaults: Vars;
  vars: Vars;
  /** `- role: app` with `app_port: 8081`: seen by this role's tasks only, above set_fact. */
  params: Vars;
}

export interface PlayDef extends Inheritable {
  name: string;
  /** The patterns joined by commas, as the play selects them. */
  hosts: string;
  /** `hosts:` as Ansible holds it: a list as written, text as one entry (`a,b` stays one). */
  hostPatterns: string[];
  gatherFacts: boolean;
  /** `gather_facts` as written (absent: the `gathering` setting decides, see the engine). */
  gatherFactsKeyword?: boolean;
  /** Where local facts are read (`fact_path`). */
  factPath?: string;
  /** `gather_subset`, as written (Ansible's default: all). */
  gatherSubset?: unknown;
  serial?: unknown;
  /** `order` of the play's hosts as written (a template of the play's variables). */
  order?: string;
  /** `strategy` as written; absent, the `strategy` setting decides (see the engine). */
  strategy?: string;
  maxFailPercentage?: number;
  /** The play's force_handlers; when absent, --force-handlers or the setting decides. */
  forceHandlers?: boolean;
  varsFiles: string[];
  roles: RoleDef[];
  preTasks: Item[];
  tasks: Item[];
  postTasks: Item[];
  handlers: Item[];
  origin: Origin;
  baseDir: string;
  /** roles_path and collections_path, for roles included while the play runs. */
  roleSources: RoleSources;
}
