/**
 * What a deploy, restart or rollback will run: one shipped playbook per component, components in
 * dependency order, with the task tags that remain once component names are taken out of -t.
 * Everything that can be checked on the controller is checked first, all at once, before any
 * host is touched: unknown tags, missing archives and templates, patches for components that
 * are not patchable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../../errors.js';
import { splitTags } from '../../playbook/tags.js';
import { deployLayers } from '../../settings/graph.js';
import type { LoadedSettings } from '../../settings/load.js';
import { componentGroup } from '../../settings/model.js';

export const PLAYBOOKS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../playbooks');

/** The tags of the shipped deploy playbook, besides each component's name. */
export const TASK_TAGS = ['deploy', 'config', 'patch'] as const;

export type DeployAction = 'deploy' | 'restart' | 'rollback' | 'rollback-patch';

const PLAYBOOK: Record<DeployAction, string> = { deploy: 'deploy.yml', restart: 'restart.yml', rollback: 'rollback.yml', 'rollback-patch': 'rollback-patch.yml' };

export interface ComponentStep {
  component: string;
  playbook: string;
  /** -e values the playbook needs besides the user's own. */
  extraVars: Record<string, string>;
  /** The component's release per host as the settings give it (what a deploy installs). */
  releases: Map<string, string>;
}

export interface DeployPlan {
  action: DeployAction;
  steps: ComponentStep[];
  /** -t for the playbook runs (component names removed); empty: every task. */
  taskTags: string[];
  /** component → patch files on the controller (patches/<component>/). */
  patches: Map<string, string[]>;
  /** The run unpacks release archives (a deploy of everything, or -t deploy). */
  installsReleases: boolean;
}

export interface PlanRequest {
  action: DeployAction;
  tags?: string[];
  /** For restart and rollback: the components named on the command line (all when empty). */
  components?: string[];
  /** rollback --to VERSION: the release folder this version renders to, per host. */
  rollbackTo?: string;
}

export class PlanError extends DeployerError {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems, nothing was changed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function patchFiles(confDir: string, component: string): string[] {
  const dir = path.join(confDir, 'patches', component);
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .sort();
  } catch {
    return [];
  }
}

export function planRun(loaded: LoadedSettings, request: PlanRequest): DeployPlan {
  const { settings, hosts, graph } = loaded;
  const order = deployLayers(graph).flat();
  const names = new Set(order);
  const problems: string[] = [];
  const tags = splitTags(request.tags);
  const componentTags = tags.filter((t) => names.has(t));
  const taskTags = tags.filter((t) => !names.has(t));
  for (const tag of taskTags) {
    if (![...TASK_TAGS, 'all', 'always'].includes(tag)) problems.push(`unknown tag '${tag}': the tags are ${[...TASK_TAGS].join(', ')} and the component names (${order.join(', ')})`);
  }
  for (const name of request.components ?? []) {
    if (!names.has(name)) problems.push(`unknown component '${name}': the components are ${order.join(', ')}`);
  }
  const patches = new Map(order.map((c) => [c, patchFiles(settings.confDir, c)] as const).filter(([, files]) => files.length));
  const wanted = new Set([...componentTags, ...(request.components ?? [])]);
  let selected = wanted.size ? order.filter((c) => wanted.has(c)) : order;
  const onlyPatch = request.action === 'deploy' && taskTags.length > 0 && taskTags.every((t) => t === 'patch');
  // -t patch alone: the components that have patches (and those named)
  if (onlyPatch && !wanted.size) selected = selected.filter((c) => patches.has(c));
  const byName = new Map(settings.components.map((c) => [c.name, c]));
  if (request.action === 'rollback-patch') selected = selected.filter((c) => byName.get(c)!.patchable);
  const servicesOnly = request.action === 'restart' || request.action === 'rollback';
  if (servicesOnly) {
    for (const name of wanted) if (byName.has(name) && !byName.get(name)!.service) problems.push(`${name} has no service to ${request.action === 'restart' ? 'restart' : 'roll back'} (no service in the settings)`);
    selected = selected.filter((c) => byName.get(c)!.service);
  }
  if (!selected.length && !problems.length) {
    problems.push(onlyPatch ? `no patches to apply: put patch files in ${path.join(settings.confDir, 'patches', '<component>')}/` : `no component to ${request.action.replace('-', ' ')}`);
  }

  const needsArchives = request.action === 'deploy' && (!taskTags.length || taskTags.includes('deploy') || taskTags.includes('all'));
  const steps: ComponentStep[] = [];
  for (const name of selected) {
    const component = byName.get(name)!;
    const rows = hosts.filter((h) => h.component === name);
    if (request.action === 'deploy') {
      if (patches.has(name) && !component.patchable) {
        problems.push(`${name} is not patchable (components.${name}.patchable is false) but patches/${name}/ holds ${patches.get(name)!.join(', ')}: remove them, or set patchable: true`);
      }
      const missing = new Set<string>();
      for (const row of rows) {
        if (needsArchives && !fs.existsSync(path.join(settings.confDir, row.archive))) missing.add(`components.${name}.archive: ${row.archive} not found in ${settings.confDir} (the release archive of ${row.package})`);
        for (const [dest, template] of Object.entries(row.config)) {
          if (!fs.existsSync(path.join(settings.confDir, template))) missing.add(`components.${name}.config['${dest}']: template ${template} not found in ${settings.confDir}`);
        }
      }
      problems.push(...missing);
    }
    const extraVars: Record<string, string> = { component: name };
    if (request.action === 'rollback' && request.rollbackTo) extraVars.rollback_to = request.rollbackTo;
    steps.push({ component: name, playbook: path.join(PLAYBOOKS_DIR, PLAYBOOK[request.action]), extraVars, releases: new Map(rows.map((r) => [r.host, r.package])) });
  }
  if (problems.length) throw new PlanError(problems);
  return { action: request.action, steps, taskTags, patches: new Map([...patches].filter(([c]) => selected.includes(c))), installsReleases: needsArchives };
}

/** The host pattern of one step: the component's group, narrowed by the user's -l. */
export const stepPattern = (step: ComponentStep) => componentGroup(step.component);
