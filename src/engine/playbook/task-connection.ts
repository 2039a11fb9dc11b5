/**
 * Where a task's commands run: its host, or the host it is delegated to (an inventory host, or
 * the controller for an implicit localhost), with the task's privilege escalation and
 * environment, over the run's shared connections.
 */
import { ansibleBoolean } from '../../config/ansible-cfg.js';
import { DeployerError } from '../../errors.js';
import type { Host, InventoryData } from '../../inventory/model.js';
import type { Vars } from '../../inventory/vars.js';
import { renderString } from '../../templating/jinja.js';
import { becomeCommand, shellQuote, unwrapBecome } from '../../transport/become.js';
import { becomeShell } from '../../transport/become-shell.js';
import { resolveConnectionSettings, type ConnectionOptions } from '../../transport/settings.js';
import type { CommandResult } from '../../transport/types.js';
import type { ConnectionPool } from '../connections.js';
import type { HostVarsBuilder } from '../host-vars.js';
import { resolveVars } from './vars.js';
import { taskEnvironment } from './environment.js';
import { keywordValue } from './scope.js';

/** Names that mean the controller when the inventory does not define them (Ansible's implicit localhost). */
const IMPLICIT_LOCALHOST = new Set(['localhost', '127.0.0.1', '::1']);

/** The keywords of a task (and its blocks) that shape how its commands run. */
export interface RunKeywords {
  become?: unknown;
  becomeUser?: unknown;
  environment?: unknown[];
}

export class TaskConnections {
  constructor(
    private readonly inventory: InventoryData,
    private readonly extraVars: Vars,
    private readonly connection: ConnectionOptions,
    private readonly pool: ConnectionPool,
    private readonly hostVars: () => HostVarsBuilder,
    private readonly warn: (message: string) => void,
  ) {}

  /** Ansible's host label for a delegated task: the delegate, and its address when that differs from its name. */
  delegateLabel(host: Host, delegateTo: unknown, vars: Vars): string | undefined {
    if (delegateTo === undefined) return undefined;
    const delegate = renderString(String(delegateTo), vars);
    if (delegate === host.name) return undefined;
    const target = this.inventory.hosts.get(delegate) ?? this.inventory.getHost(delegate);
    const address = target ? resolveVars(this.hostVars().forHost(target)).ansible_host : undefined;
    return address !== undefined && address !== null && String(address) !== delegate ? `${delegate}(${String(address)})` : delegate;
  }

  /**
   * A command on a host (or its delegate), with the task's privilege escalation and environment;
   * `ownProcess`: in a shell process of its own even through the held privileged shell (a raw task's text).
   */
  async exec(host: Host, vars: Vars, command: string, keywords: RunKeywords, delegate?: string, stdin?: string | Buffer, ownProcess = false): Promise<CommandResult> {
    let connectionVars = vars;
    let target = host.name;
    if (delegate && delegate !== host.name) {
      target = delegate;
      const delegated = this.inventory.hosts.get(delegate) ?? this.inventory.getHost(delegate);
      // as Ansible: localhost, when the inventory does not define it, is the controller itself
      if (!delegated && !IMPLICIT_LOCALHOST.has(delegate)) throw new DeployerError(`delegate_to: unknown host '${delegate}'`);
      connectionVars = resolveVars({ ...(delegated ? this.hostVars().forHost(delegated) : { ansible_connection: 'local' }), ...this.extraVars });
    }
    const becomeKeyword = keywordValue(keywords.become, vars);
    const becomeUserKeyword = keywordValue(keywords.becomeUser, vars);
    const connectionOptions: ConnectionOptions = {
      ...this.connection,
      become: becomeKeyword !== undefined ? ansibleBoolean(becomeKeyword) : this.connection.become,
      becomeUser: becomeUserKeyword !== undefined ? String(becomeUserKeyword) : this.connection.becomeUser,
    };
    const settings = resolveConnectionSettings(target, connectionVars, connectionOptions);
    const environment = keywords.environment ? taskEnvironment(keywords.environment, vars, this.warn) : {};
    const withEnv = Object.keys(environment).length ? `${Object.entries(environment).map(([k, v]) => `export ${k}=${shellQuote(v)}`).join('; ')}; ${command}` : command;
    const connection = await this.pool.get(settings);
    if (settings.become) {
      const shell = await becomeShell(connection, settings.become);
      if (shell?.accepts(stdin)) return shell.run(withEnv, stdin, ownProcess);
    }
    const become = settings.become ? becomeCommand(withEnv, settings.become) : undefined;
    const raw = await connection.exec(become?.command ?? withEnv, { stdin, respond: become?.respond });
    if (!become) return raw;
    const unwrapped = unwrapBecome(raw, become);
    if ('becomeError' in unwrapped) throw new DeployerError(unwrapped.becomeError);
    return unwrapped;
  }
}
