/**
 * Jinja expressions evaluated to values (not text): `when:` conditions, `that:` assertions,
 * `{{ list_var }}` arguments that must stay lists. Truth follows Python's rules, as in Ansible:
 * empty strings, lists and dictionaries are false.
 */
import type { Vars } from '../inventory/vars.js';
import { evaluateExpression, renderString, TemplateError, Undefined } from './jinja.js';
import { truthy } from './jinja2/values.js';

/** Python's truth of a value; an undefined variable is an error. */
export const isTruthy = truthy;

/** The value of a Jinja expression (no `{{ }}`); `inBraces` false for conditions (no backslash escaping). */
export function evaluate(expression: string, vars: Vars, inBraces = true): unknown {
  return evaluateExpression(expression, vars, { escapeBackslashes: inBraces });
}

/** A `when:` condition: a bare expression (Ansible adds the braces) or an already braced one. */
export function evaluateCondition(condition: unknown, vars: Vars): boolean {
  if (typeof condition === 'boolean') return condition;
  if (condition === null || condition === undefined) return false;
  let text = String(condition).trim();
  const braced = /^\{\{(.*)\}\}$/s.exec(text);
  if (braced) text = braced[1];
  let value: unknown;
  try {
    value = evaluate(text, vars, false);
  } catch (error) {
    if (error instanceof TemplateError) throw new TemplateError(`The conditional check '${text.trim()}' failed. The error was: ${error.message}`);
    throw error;
  }
  // Ansible renders the condition; the strings "True"/"False" it may yield count as booleans
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return isTruthy(value);
}

const SINGLE_EXPRESSION = /^\{\{((?:(?!\}\}|\{\{|\{%).)*)\}\}$/s;

/**
 * Templates module arguments recursively. A string that is exactly one `{{ expression }}` keeps
 * the expression's type (a list stays a list, as in Ansible); other strings render to text.
 */
export function templateValue(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const single = SINGLE_EXPRESSION.exec(value);
    if (single) {
      const result = evaluate(single[1], vars);
      return result instanceof Undefined ? result.toString() : result;
    }
    return renderString(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => templateValue(v, vars));
  if (value && typeof value === 'object' && !(value instanceof Number)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [renderString(k, vars), templateValue(v, vars)]));
  }
  return value;
}
