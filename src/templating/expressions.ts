/**
 * Jinja expressions evaluated to values (not text): `when:` conditions, `that:` assertions,
 * `{{ list_var }}` arguments that must stay lists. Truth follows Python's rules, as in Ansible:
 * empty strings, lists and dictionaries are false.
 */
import type { Vars } from '../inventory/vars.js';
import { literalEval } from '../inventory/python-literal.js';
import { evaluateExpression, hasTemplate, isTextFilterExpression, renderString, TemplateError, withTrailingNewlines } from './jinja.js';
import { DictView } from './jinja2/methods.js';
import { PyDateTime, PyTimedelta } from './jinja2/datetimes.js';
import { finalize } from './jinja2/runtime.js';
import { failOnUndefined, isNumber, isPyTuple, Undefined } from './jinja2/values.js';
import { truthy } from './jinja2/values.js';

/** Python's truth of a value; an undefined variable is an error. */
export const isTruthy = truthy;

/** The value of a Jinja expression (no `{{ }}`); `inBraces` false for conditions (no backslash escaping). */
export function evaluate(expression: string, vars: Vars, inBraces = true): unknown {
  return evaluateExpression(expression, vars, { escapeBackslashes: inBraces });
}

/**
 * A `when:` condition, as Ansible 2.14's Conditional: a condition holding `{{ }}` is templated
 * first, and a value that is not text (or is empty text) decides as it is; text is then
 * evaluated as the expression of `{% if ... %}`. So `when: flag` with flag "false" (a non-empty
 * string) holds, while `when: "{{ flag }}"` evaluates the text `false`, which does not.
 */
export function evaluateCondition(condition: unknown, vars: Vars, warn?: (message: string) => void): boolean {
  if (typeof condition === 'boolean') return condition;
  if (condition === null || condition === undefined || condition === '') return true;
  let text = String(condition);
  const shown = text.trim();
  try {
    if (hasTemplate(text)) {
      warn?.(`conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${text}`);
      const first = templateValue(text, vars);
      if (typeof first !== 'string' || first === '') return isTruthy(first);
      text = first;
    }
    return isTruthy(evaluate(text.trim(), vars, false));
  } catch (error) {
    if (error instanceof TemplateError) throw new TemplateError(`The conditional check '${shown}' failed. The error was: ${error.message}`);
    throw error;
  }
}

const SINGLE_EXPRESSION = /^\{\{((?:(?!\}\}|\{\{|\{%).)*)\}\}$/s;

/**
 * The names of the variables whose own values were templates (resolveVars keeps them with the
 * rendered variables): Ansible's templar sees their text, not what they rendered to.
 */
export const TEMPLATED_VARIABLES = Symbol('variables that were templates');
/** A template naming one variable alone, as Python's `^{{\s*(\w*)\s*}}$` matches it ($ also before a last newline). */
const SINGLE_VARIABLE = /^\{\{\s*([\p{L}\p{N}_]*)\s*\}\}\n?$/u;

/**
 * As Ansible's templar: a template that names one variable whose value is a number, a boolean
 * or None gives that value as it is (not its text, as rendering it would).
 */
function variableAsItIs(template: string, vars: Vars): { value: unknown } | undefined {
  const name = SINGLE_VARIABLE.exec(template)?.[1];
  if (name === undefined || !(name in vars)) return undefined;
  const templated = (vars as Record<symbol, unknown>)[TEMPLATED_VARIABLES] as Set<string> | undefined;
  if (templated?.has(name)) return undefined;
  const value = vars[name];
  return isNumber(value) || value === null ? { value } : undefined;
}

/**
 * What Ansible (jinja2_native off, its default) makes of a template's result: text, read back
 * as Python (or JSON) when it looks like a list, a dictionary or a boolean. So `"{{ [1, 2] }}"`
 * stays a list and `"[{{ a }}, {{ b }}]"` becomes one, while `"{{ 2 + 3 }}"` is the string '5'.
 */
export function ansibleResult(text: string): unknown {
  if (!(text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False')) return text;
  return literalEval(text, { json: true });
}

/**
 * Templates module arguments and variables recursively, as Ansible's templar does: Jinja2 renders
 * the template without its last newline, the text is read back (ansibleResult) unless a filter
 * that keeps text made it, and text (only) gets the template's trailing newlines back.
 */
export function templateValue(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return value;
    const asItIs = variableAsItIs(value, vars);
    if (asItIs) return asItIs.value;
    const single = SINGLE_EXPRESSION.exec(value.replace(/\r?\n$/, ''));
    let text: string;
    if (single) {
      const result = evaluate(single[1], vars);
      // a list or dictionary is what reading its text back would give: kept as it is (a view such
      // as hostvars[host] is never printed whole); anything else goes through its text
      if (typeof result === 'object' && result !== null && !(result instanceof Number) && !isPyTuple(result) && !(result instanceof DictView) && !(result instanceof Undefined) && !(result instanceof PyDateTime) && !(result instanceof PyTimedelta)) {
        failOnUndefined(result);
        return result;
      }
      text = finalize(result);
      if (isTextFilterExpression(single[1])) return withTrailingNewlines(text, value);
    } else text = renderString(value, vars, { preserveTrailingNewlines: false });
    const read = ansibleResult(text);
    return typeof read === 'string' ? withTrailingNewlines(read, value) : read;
  }
  if (Array.isArray(value)) return value.map((v) => templateValue(v, vars));
  if (value && typeof value === 'object' && !(value instanceof Number)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [renderString(k, vars), templateValue(v, vars)]));
  }
  return value;
}
