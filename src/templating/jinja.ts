/**
 * Templating as Ansible does it: Jinja2 with Python's semantics (src/templating/jinja2/), the
 * filters and tests of Jinja2 and ansible.builtin, strict undefined variables (an error naming
 * the variable, while `default` and `is defined` may look at it), and variables that are
 * templates themselves rendered lazily, when a template first names them.
 */
import type { Vars } from '../inventory/vars.js';
import { pythonStr } from '../formats/python-repr.js';
import { ANSIBLE_ENVIRONMENT } from './jinja2/environment.js';
import { FilterError, TemplateError, UndefinedVariableError } from './jinja2/errors.js';
import { escapeBackslashes, type LexerSettings } from './jinja2/lexer.js';
import { parseExpression, parseTemplate } from './jinja2/parser.js';
import { compileExpression, compileTemplate } from './jinja2/compiler.js';
import { Context, finalize, NOT_FOUND } from './jinja2/runtime.js';
import { isUndefined, Undefined } from './jinja2/values.js';
import { callLookup } from './lookups/call.js';
import { lookupContext } from './lookups/context.js';

export { FilterError, isUndefined, NOT_FOUND, TemplateError, Undefined, UndefinedVariableError };

/**
 * A context may hold, under this key, a function that renders a variable when a template first
 * names it (see resolveVars): variables that are templates themselves are not rendered up front.
 */
export const LAZY_VARIABLES = '__deployer_lazy_variables';

/** A variable whose own template failed: the error surfaces where a template uses it. */
export class BrokenVariable {
  constructor(
    readonly error: unknown,
    /** The variable's own text (its template). */
    readonly text?: unknown,
  ) {}
  toString(): string {
    throw this.error;
  }
}

function variableSource(vars: Vars): (name: string) => unknown {
  return (name) => {
    let value: unknown = NOT_FOUND;
    if (name in vars) value = vars[name];
    else {
      const lazy = vars[LAZY_VARIABLES];
      if (typeof lazy === 'function') value = (lazy as (name: string) => unknown)(name);
    }
    if (value instanceof BrokenVariable) {
      // as Ansible's AnsibleJ2Vars: a variable whose template names an undefined one is itself
      // undefined (default() and `is defined` see through it); any other failure is an error
      if (value.error instanceof UndefinedVariableError) return new Undefined(name, `${pythonStr(value.text)}: ${value.error.message}`);
      throw value.error;
    }
    return value === undefined ? NOT_FOUND : value;
  };
}

const contextFor = (vars: Vars) => new Context(ANSIBLE_ENVIRONMENT, variableSource(vars), (name, args, kwargs, wantlist) => callLookup(name, args, kwargs, wantlist, lookupContext(vars)));

export function hasTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

const templates = new Map<string, ((context: Context) => string) | TemplateError>();
const expressions = new Map<string, ((context: Context) => unknown) | TemplateError>();

function compiled<T>(cache: Map<string, T | TemplateError>, text: string, parse: (text: string) => T): T {
  let entry = cache.get(text);
  if (entry === undefined) {
    try {
      entry = parse(text);
    } catch (error) {
      entry = error instanceof TemplateError ? error : new TemplateError(String(error));
    }
    cache.set(text, entry);
  }
  if (entry instanceof TemplateError) throw entry;
  return entry;
}

/**
 * Text with only `{{ name }}` substitutions, split into [text, name, text, name, ..., text]; null
 * for anything else. Such templates, the most common kind, skip the parser and the evaluator.
 */
function plainSubstitutions(template: string): string[] | null {
  const parts = template.split(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/);
  for (let i = 0; i < parts.length; i += 2) if (hasTemplate(parts[i])) return null;
  for (let i = 1; i < parts.length; i += 2) if (CONSTANTS.has(parts[i])) return null;
  return parts;
}
const plainTemplates = new Map<string, string[] | null>();
const CONSTANTS = new Set(['True', 'False', 'None', 'true', 'false', 'none']);

/** What a failure says: the template as written, then what went wrong in it. */
function inTemplate(error: unknown, template: string): unknown {
  if (error instanceof UndefinedVariableError || error instanceof FilterError || !(error instanceof TemplateError)) return error;
  if (error.message.startsWith('template error while templating')) return error;
  return new TemplateError(`template error while templating '${template}': ${error.message}`, { cause: error });
}

export interface RenderOptions {
  /** Double the backslashes of string literals inside `{{ }}`, as Ansible does for task arguments (default). */
  escapeBackslashes?: boolean;
  /** The template module's own trim_blocks, lstrip_blocks and newline_sequence (default: the templar's). */
  lexer?: LexerSettings;
  /** Give the text back the newlines the template ends with (default); off, it ends as Jinja2 renders it. */
  preserveTrailingNewlines?: boolean;
}

const trailingNewlines = (text: string) => text.length - text.replace(/\n+$/, '').length;

/** Ansible's preserve_trailing_newlines: the rendered text ends with at least the newlines its template ended with. */
export function withTrailingNewlines(output: string, template: string, newline = '\n'): string {
  const missing = trailingNewlines(template) - trailingNewlines(output);
  return missing > 0 ? output + newline.repeat(missing) : output;
}

/**
 * Renders a template string with these variables; an undefined variable is an error naming it.
 * As Jinja2 reads a template, its line breaks are `\n` and the last one is dropped; as Ansible's
 * templar (preserve_trailing_newlines), the text gets back the newlines the template ended with.
 */
export function renderString(template: string, vars: Vars, options: RenderOptions = {}): string {
  if (!hasTemplate(template)) return template;
  const normalized = template.includes('\r') ? template.replace(/\r\n?/g, '\n') : template;
  const body = normalized.endsWith('\n') ? normalized.slice(0, -1) : normalized;
  let output: string;
  try {
    output = options.lexer ? renderWith(body, vars, options.escapeBackslashes, options.lexer) : renderBody(body, vars, options.escapeBackslashes);
  } catch (error) {
    throw inTemplate(error, template);
  }
  return options.preserveTrailingNewlines === false ? output : withTrailingNewlines(output, template, options.lexer?.newlineSequence);
}

/**
 * Ansible's STRING_TYPE_FILTERS: a template that is one of these filters' result keeps it as
 * text (its NativeJinjaText is never read back as a list or dictionary). Named as written:
 * `ansible.builtin.to_json` is not in the list, as in Ansible.
 */
const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);
const textExpressions = new Map<string, boolean>();

/** Whether a bare expression's value is the result of a filter that keeps its text. */
export function isTextFilterExpression(expression: string): boolean {
  let keeps = textExpressions.get(expression);
  if (keeps === undefined) {
    try {
      const tree = parseExpression(escapeBackslashes(`{{ ${expression} }}`).slice(3, -3));
      keeps = tree.kind === 'filter' && STRING_TYPE_FILTERS.has(tree.name);
    } catch {
      keeps = false;
    }
    textExpressions.set(expression, keeps);
  }
  return keeps;
}

function renderBody(body: string, vars: Vars, escape = true): string {
  let parts = plainTemplates.get(body);
  if (parts === undefined) plainTemplates.set(body, (parts = plainSubstitutions(body)));
  if (!parts) return renderWith(body, vars, escape);
  const lookup = variableSource(vars);
  let output = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = lookup(parts[i]);
    output += finalize(value === NOT_FOUND ? new Undefined(parts[i]) : value) + parts[i + 1];
  }
  return output;
}

function renderWith(body: string, vars: Vars, escape = true, lexer?: LexerSettings): string {
  const source = escape ? escapeBackslashes(body) : body;
  const key = lexer ? `${lexer.trimBlocks} ${lexer.lstripBlocks} ${JSON.stringify(lexer.newlineSequence)}\0${source}` : source;
  return compiled(templates, key, () => compileTemplate(parseTemplate(source, lexer)))(contextFor(vars));
}

/**
 * The value of a bare Jinja expression: a `{{ x }}` that keeps its type (backslashes escaped, as
 * inside any `{{ }}`), or with `escapeBackslashes: false` a `when:` condition (Ansible evaluates
 * those inside `{% if %}`, where nothing is escaped).
 */
export function evaluateExpression(expression: string, vars: Vars, options: RenderOptions = {}): unknown {
  try {
    const source = options.escapeBackslashes === false ? expression : escapeBackslashes(`{{ ${expression} }}`).slice(3, -3);
    return compiled(expressions, source, (text) => compileExpression(parseExpression(text)))(contextFor(vars));
  } catch (error) {
    throw inTemplate(error, expression.trim());
  }
}
