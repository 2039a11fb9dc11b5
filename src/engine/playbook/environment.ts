/** The `environment` keyword as Ansible's task post-validation computes it. */
import { isMapping, type Vars } from '../../inventory/vars.js';
import { pythonRepr } from '../../formats/python-repr.js';
import { templateValue } from '../../templating/expressions.js';
import { str } from '../../templating/jinja2/values.js';
import { UndefinedVariableError } from '../../templating/jinja.js';

/**
 * Each level's environment (play, blocks, task; outermost first): a dictionary has each value
 * templated (a value undefined for want of `ansible_env` left out), a template must give a
 * dictionary or is skipped with a warning; inner levels win,
 * key by key. Values are set as Python prints them (`True`, not `true`).
 */
export function taskEnvironment(levels: unknown[], vars: Vars, warn: (message: string) => void): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const level of levels) {
    const value = isMapping(level) ? level : templateValue(level, vars);
    if (!isMapping(value)) {
      warn(`could not parse environment value, skipping: ${pythonRepr(levels)}`);
      continue;
    }
    for (const [key, entry] of Object.entries(value)) {
      try {
        merged[key] = str(level === value ? templateValue(entry, vars) : entry);
      } catch (error) {
        // as Ansible's Task._post_validate_environment: a value needing the env facts not gathered yet is left out
        if (error instanceof UndefinedVariableError && error.message.includes('ansible_env')) continue;
        throw error;
      }
    }
  }
  return merged;
}
