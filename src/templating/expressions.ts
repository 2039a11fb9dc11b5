/**
 * Jinja expressions evaluated to values (not text): `when:` conditions, `that:` assertions,
 * `{{ list_var }}` arguments that must stay lists. Truth follows Python's rules, as in Ansible:
 * empty strings, lists and dictionaries are false.
 */
import nunjucks from 'nunjucks';
import type { Vars } from '../inventory/vars.js';
import './filters.js';
import { environment, renderString, TemplateError, Undefined } from './jinja.js';

const CAPTURE = '__deployer_capture';

export function isTruthy(value: unknown): boolean {
  if (value instanceof Undefined) value.toString(); // raises: an undefined variable is an error
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Number) return value.valueOf() !== 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** The value of a Jinja expression (no `{{ }}`). */
export function evaluate(expression: string, vars: Vars): unknown {
  let captured: unknown;
  // nunjucks copies the context's own keys, so the capture function joins a copy of the variables
  const context: Vars = {
    ...vars,
    [CAPTURE]: (value: unknown) => {
      captured = value;
      return '';
    },
  };
  try {
    renderString(`{{ ${CAPTURE}((${expression})) }}`, context);
  } catch (error) {
    // the wrapper is deployer's own: the message shows the expression as the user wrote it
    if (error instanceof TemplateError) {
      const detail = error.message.replace(/^template error while templating '.*?': /s, '').replace(/^\[Line \d+, Column \d+\]\s*/, '');
      throw new TemplateError(`template error while templating '${expression.trim()}': ${detail}`);
    }
    throw error;
  }
  return captured;
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
    value = evaluate(text, vars);
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

export { nunjucks, environment };
