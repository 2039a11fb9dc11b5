/**
 * The text Ansible puts in `changed_when_result` / `failed_when_result` when the condition itself
 * cannot be evaluated (the task then fails with the module's result kept).
 */
import { UndefinedVariableError } from '../../templating/jinja2/errors.js';

export function conditionError(error: unknown, conditions: unknown): string {
  const message = (error as Error).message;
  if (!(error instanceof UndefinedVariableError)) return message;
  // the failing condition: the first of the list that names the undefined variable
  const list = Array.isArray(conditions) ? conditions : [conditions];
  const condition = String(list.find((c) => String(c).includes(error.variable)) ?? list[0]);
  return `The conditional check '${condition}' failed. The error was: error while evaluating conditional (${condition}): ${message}. ${message}`;
}
