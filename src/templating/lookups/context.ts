/**
 * The context a lookup runs in, made from the variables of the template that calls it: Ansible
 * gives its plugins the task's variables (with `ansible_search_path`, `role_path` and
 * `playbook_dir`, the loader's base folder), a templar over them, and its display for warnings.
 */
import type { Vars } from '../../inventory/vars.js';
import { ansibleResult, templateValue } from '../expressions.js';
import { hasTemplate, renderString } from '../jinja.js';
import { UndefinedVariableError } from '../jinja2/errors.js';
import type { LookupContext } from './types.js';

const shownWarnings = new Set<string>();

/** Ansible's display.warning: on stderr, each text once per run. */
function warn(message: string): void {
  if (shownWarnings.has(message)) return;
  shownWarnings.add(message);
  process.stderr.write(`[WARNING]: ${message}\n`);
}

/** The templar with fail_on_undefined off: a string naming an undefined variable stays as written. */
function templateLeniently(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return value;
    try {
      return templateValue(value, vars);
    } catch (error) {
      if (error instanceof UndefinedVariableError) return value;
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((v) => templateLeniently(v, vars));
  return templateValue(value, vars);
}

export function lookupContext(variables: Vars, subdir?: string): LookupContext {
  return {
    variables,
    basedir: typeof variables.playbook_dir === 'string' ? variables.playbook_dir : process.cwd(),
    subdir,
    template: (value, options = {}) => (options.failOnUndefined === false ? templateLeniently(value, options.vars ?? variables) : templateValue(value, options.vars ?? variables)),
    renderFile(text, vars, { convertData }) {
      const rendered = renderString(text, vars, { escapeBackslashes: false });
      return convertData ? ansibleResult(rendered) : rendered;
    },
    warn,
  };
}
