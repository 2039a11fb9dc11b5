/**
 * A task's arguments given as a template where a module takes no free-form text (`debug: "{{
 * params }}"`, or words left after the key=value ones): Ansible's _variable_params, templated
 * when the task runs. A dictionary becomes the arguments (those written out win); anything else
 * fails the task.
 */
import { isMapping } from '../../inventory/vars.js';
import { pythonStr } from '../../formats/python-repr.js';
import type { ModuleResult } from '../../modules/types.js';

export const ARGS_SPLAT_WARNING =
  "Using a variable for a task's 'args' is unsafe in some situations (see https://docs.ansible.com/ansible/devel/reference_appendices/faq.html#argsplat-unsafe)";

/** The task's templated arguments with its variable parameters applied, and the warning Ansible shows then, or the task's failure. */
export function applyVariableParams(args: Record<string, unknown>): { args: Record<string, unknown>; warning?: string } | { failure: ModuleResult } {
  if (!('_variable_params' in args)) return { args };
  const { _variable_params: params, ...written } = args;
  if (!isMapping(params)) return { failure: { failed: true, msg: `invalid or malformed argument: '${pythonStr(params)}'` } };
  return { args: { ...params, ...written }, warning: ARGS_SPLAT_WARNING };
}
