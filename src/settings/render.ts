/**
 * Values in `components` are templates, rendered per host: they may use the host's variables
 * (platform, settings `vars`, component, cluster and host variables, lowest first) and
 * `inventory_hostname`, `component`, `cluster`, `version`, `package`, `install_dir` and `patch_dir`.
 */
import { isUndefined, renderString, UndefinedVariableError } from '../templating/jinja.js';
import type { Vars } from '../inventory/vars.js';
import { DeployerError } from '../errors.js';
import { didYouMean, type SettingsIssue, type SettingsPath } from './issues.js';
import { platformVars, type Cluster, type Component, type HealthCheck, type Settings } from './model.js';

const UNIT_NAME = /^[A-Za-z0-9:_.@-]+$/;

export interface ReleaseName {
  prefix: string;
  suffix: string;
}

/** One component as one host runs it: every template rendered. */
export interface HostComponent {
  host: string;
  component: string;
  cluster: string;
  version: string;
  package: string;
  /** `{{install_root}}/{{package}}`: the release folder. */
  installDir: string;
  /** The release folder of any version is `prefix<version>suffix` (undefined when the package template does not show the version plainly). */
  releaseName?: ReleaseName;
  archive: string;
  restart: 'now' | 'deferred';
  patchable: boolean;
  patchDir: string;
  config: Record<string, string>;
  service?: { unit: string; execStart: string; health?: HealthCheck; startupTimeout: number; minHealthyTime: number; leader?: string };
}

/** A template that could not be rendered, with the settings path of its field. */
export class FieldTemplateError extends DeployerError {
  constructor(
    readonly path: SettingsPath,
    readonly host: string,
    readonly detail: string,
  ) {
    super(`${path.join('.')}: ${detail} (for host ${host})`);
  }
}

/** Whether `name` appears in a template as a whole word (`port` in `{{ port }}`, not in `{{ report }}`). */
function mentions(template: string, name: string): boolean {
  const word = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  for (let at = template.indexOf(name); at !== -1; at = template.indexOf(name, at + 1)) {
    if (!word(template[at - 1]) && !word(template[at + name.length])) return true;
  }
  return false;
}

/**
 * Renders the templates of one cluster's hosts. The variables every host of the cluster shares
 * are merged once, and a template that names none of a host's own variables renders the same on
 * every host with the same version and package: it is rendered once (large platforms have
 * thousands of hosts per component).
 */
class ClusterRenderer {
  private readonly shared: Vars;
  private readonly sameOnEveryHost = new Map<string, string>();
  /** null until a host-free package template was looked at. */
  private sharedReleaseName: ReleaseName | undefined | null = null;
  /**
   * By the names of a host's own variables: the host's rendering when no template names any of
   * them (every such host renders the same but for its name; its nested values are shared).
   */
  private readonly sameButName = new Map<string, HostComponent>();

  constructor(
    private readonly settings: Settings,
    private readonly component: Component,
    private readonly cluster: Cluster,
  ) {
    this.shared = { ...platformVars(settings.platform), ...settings.vars, ...component.vars, ...cluster.vars, component: component.name, cluster: cluster.name };
  }

  render(host: string): HostComponent {
    const own = this.settings.hosts.get(host) ?? {};
    const ownKey = Object.keys(own).join('\u0000');
    const same = this.sameButName.get(ownKey);
    if (same) return { ...same, host };
    const ownNames = ['inventory_hostname', ...Object.keys(own)];
    const rendered = this.renderHost(host, own, ownNames);
    if (!this.templates().some((template) => ownNames.some((name) => mentions(template, name)))) this.sameButName.set(ownKey, rendered);
    return rendered;
  }

  /** Every template of the component a host's rendering reads. */
  private templates(): string[] {
    const { component } = this;
    const service = component.service;
    return [
      component.version,
      component.package,
      component.archive,
      component.patchDir,
      ...(service ? [service.unit, service.execStart, ...Object.values(service.health ?? {}), ...(component.rollout.leader === undefined ? [] : [component.rollout.leader])] : []),
    ];
  }

  private renderHost(host: string, own: Vars, ownNames: string[]): HostComponent {
    const vars: Vars = { ...this.shared, ...own, inventory_hostname: host };
    const render = (template: string, ...path: SettingsPath): string => {
      const hostFree = !ownNames.some((name) => mentions(template, name));
      const key = `${template}\u0000${vars.version ?? ''}\u0000${vars.package ?? ''}`;
      if (hostFree && this.sameOnEveryHost.has(key)) return this.sameOnEveryHost.get(key)!;
      const text = this.renderField(template, vars, host, path);
      if (hostFree) this.sameOnEveryHost.set(key, text);
      return text;
    };
    const { component, settings } = this;
    vars.version = render(component.version, 'version');
    vars.package = render(component.package, 'package');
    vars.install_dir = `${settings.platform.installRoot.replace(/\/+$/, '')}/${vars.package}`;
    const releaseName = this.releaseName(vars, !ownNames.some((name) => mentions(component.package, name)));
    const rendered: HostComponent = {
      host,
      component: component.name,
      cluster: this.cluster.name,
      version: vars.version as string,
      package: vars.package as string,
      installDir: vars.install_dir as string,
      ...(releaseName ? { releaseName } : {}),
      archive: render(component.archive, 'archive'),
      restart: component.restart,
      patchable: component.patchable,
      patchDir: render(component.patchDir, 'patch_dir'),
      config: component.config,
    };
    vars.patch_dir = rendered.patchDir;
    const service = component.service;
    if (service) {
      const health = service.health
        ? (Object.fromEntries(Object.entries(service.health).map(([kind, value]) => [kind, render(value, 'service', 'health', kind)])) as HealthCheck)
        : undefined;
      const unit = render(service.unit, 'service', 'unit');
      if (!UNIT_NAME.test(unit)) throw new FieldTemplateError(['components', component.name, 'service', 'unit'], host, `'${unit}' is not a systemd unit name (letters, digits and : _ . @ -)`);
      const leader = component.rollout.leader === undefined ? {} : { leader: render(component.rollout.leader, 'rollout', 'leader') };
      rendered.service = { unit, execStart: render(service.execStart, 'service', 'exec_start'), health, startupTimeout: service.startupTimeout, minHealthyTime: component.rollout.minHealthyTime, ...leader };
    }
    return rendered;
  }

  /** The package template rendered with a marker for the version: what comes before and after it. */
  private releaseName(vars: Vars, hostFree: boolean): ReleaseName | undefined {
    if (hostFree && this.sharedReleaseName !== null) return this.sharedReleaseName;
    const marker = '\u0000version\u0000';
    let name: ReleaseName | undefined;
    try {
      const parts = renderString(this.component.package, { ...vars, version: marker }).split(marker);
      name = parts.length === 2 && !parts.some((p) => p.includes('/')) ? { prefix: parts[0], suffix: parts[1] } : undefined;
    } catch {
      name = undefined; // a template that computes with the version (`version.split('.')`): only its own release is known
    }
    if (hostFree) this.sharedReleaseName = name;
    return name;
  }

  private renderField(template: string, vars: Vars, host: string, path: SettingsPath): string {
    const field = ['components', this.component.name, ...path];
    try {
      return renderString(template, vars);
    } catch (error) {
      if (error instanceof UndefinedVariableError) {
        const known = Object.keys(vars).filter((name) => !isUndefined(vars[name]));
        throw new FieldTemplateError(field, host, `'${error.variable}' is undefined${didYouMean(error.variable, known)}`);
      }
      if (error instanceof DeployerError) throw new FieldTemplateError(field, host, error.message);
      throw error;
    }
  }
}

/** Every (host, component) of the settings, rendered; the templates that fail become issues, once per field and message. */
export function renderPlatform(settings: Settings, locate: (path: SettingsPath) => { line?: number; column?: number }): { hosts: HostComponent[]; issues: SettingsIssue[] } {
  const hosts: HostComponent[] = [];
  const issues = new Map<string, SettingsIssue>();
  for (const component of settings.components) {
    for (const cluster of component.clusters) {
      const renderer = new ClusterRenderer(settings, component, cluster);
      for (const host of cluster.hosts) {
        try {
          hosts.push(renderer.render(host));
        } catch (error) {
          if (!(error instanceof FieldTemplateError)) throw error;
          const key = `${error.path.join('\u0000')}\u0000${error.detail}`;
          if (!issues.has(key)) issues.set(key, { path: error.path, message: `${error.detail} (rendering for host ${host})`, ...locate(error.path) });
        }
      }
    }
  }
  return { hosts, issues: [...issues.values()] };
}
