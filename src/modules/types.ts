/** What a module sees of the host it runs on, and what it gives back (Ansible-shaped result data). */
import type { Vars } from '../inventory/vars.js';
import type { CommandResult } from '../transport/types.js';
import type { LexerSettings } from '../templating/jinja2/lexer.js';

export type ModuleResult = Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: unknown; skipped?: boolean };

export interface ModuleContext {
  host: string;
  /** All variables of the task on this host (for templates, assert, debug var=). */
  vars: Vars;
  check: boolean;
  diff: boolean;
  /** Where `files/`, `templates/` and relative paths are looked up: the role's folder first, then the playbook's. */
  searchDirs: string[];
  /** Where the task is written (Ansible's search path for include_vars): the playbook's folder, the task file's, its role's. */
  place: { baseDir: string; taskFile: string; taskLine?: number; rolePath?: string };
  /**
   * Runs a command on the host (with privilege escalation applied when the task asks for it,
   * unless `become: false`); `ownProcess`: the user's text, run by a shell process of its own.
   */
  exec(command: string, options?: { stdin?: string | Buffer; become?: boolean; ownProcess?: boolean }): Promise<CommandResult>;
  /** The task's no_log, and the run's verbosity (-v count): what Ansible tells the modules it runs. */
  noLog?: boolean;
  verbosity?: number;
  /** Evaluates a Jinja expression (for assert's `that`, debug's `var`). */
  /** A Jinja expression's value; `condition` for `when:`-like checks (assert's `that`), which Ansible evaluates without escaping backslashes. */
  evaluate(expression: string, condition?: boolean): unknown;
  /** Renders a template file's text with the task's variables (and these), in this Jinja2 environment. */
  render(text: string, options?: { lexer?: LexerSettings; vars?: Vars }): string;
}

export interface ModuleDef {
  run(args: Record<string, unknown>, context: ModuleContext): Promise<ModuleResult>;
}

export class ModuleArgumentError extends Error {}

/** A required argument, also found under its aliases as Ansible's argument specs allow (`dest` for file's `path`). */
export function requireArg(args: Record<string, unknown>, name: string, module: string, aliases: string[] = []): unknown {
  const given = [name, ...aliases].map((key) => args[key]).find((value) => value !== undefined && value !== null && value !== '');
  if (given === undefined) throw new ModuleArgumentError(`missing required arguments: ${name} (module ${module})`);
  return given;
}

/** An argument given as a list or as comma-separated text (`paths`, `groups`, `name`), trimmed, empty items dropped. */
export function argList(value: unknown): string[] {
  return value === undefined || value === null ? [] : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);
}
