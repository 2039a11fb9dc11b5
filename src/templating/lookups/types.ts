/**
 * What a lookup plugin is: a function of its terms and options that runs on the controller and
 * returns a list, given the context Ansible gives its plugins (the variables the template sees,
 * the loader's base folder, a templar), and the errors it may raise, named by the Python class
 * Ansible would raise (the templar's `errors=` treats them differently).
 */
import { DeployerError } from '../../errors.js';
import type { Vars } from '../../inventory/vars.js';

export interface LookupContext {
  /** The variables the template sees (Ansible's available_variables). */
  readonly variables: Vars;
  /** The loader's base folder: the playbook's folder (`playbook_dir`), else the current one. */
  readonly basedir: string;
  /** Where `with_first_found` looks first, by the task's action: files, templates or vars. */
  readonly subdir?: string;
  /** The templar: a value templated with the variables (or `vars`); with `failOnUndefined: false` an undefined variable leaves a string as written. */
  template(value: unknown, options?: { failOnUndefined?: boolean; vars?: Vars }): unknown;
  /** A template file's text rendered with these variables, as Ansible's template lookup does. */
  renderFile(text: string, vars: Vars, options: { convertData: boolean }): unknown;
  /** A warning, printed once, as Ansible's display.warning. */
  warn(message: string): void;
}

export type LookupOptions = Record<string, unknown>;

export interface Lookup {
  run(terms: unknown[], options: LookupOptions, context: LookupContext): unknown[];
}

/**
 * An error a lookup raises. `pythonClass` is the class Ansible's plugin would raise: the templar
 * turns an AnsibleLookupError into its message (or a warning with `errors=`), anything else into
 * "An unhandled exception occurred while running the lookup plugin ...".
 */
export class LookupError extends DeployerError {
  constructor(
    message: string,
    readonly pythonClass = 'ansible.errors.AnsibleError',
  ) {
    super(message);
  }
}

/** AnsibleLookupError: a failure the lookup expected (no file found, no such section). */
export const lookupFailed = (message: string) => new LookupError(message, 'ansible.errors.AnsibleLookupError');

/** AnsibleOptionsError: bad options, raised whatever `errors=` says. */
export const badOptions = (message: string) => new LookupError(message, 'ansible.errors.AnsibleOptionsError');

/** Python's str() of an exception raised with another as its cause: Ansible appends the cause's text. */
export const withCause = (message: string, cause: string) => `${message}. ${cause}`;
