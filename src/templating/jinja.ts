/**
 * Jinja templating as Ansible does it, on nunjucks (the maintained JavaScript Jinja engine).
 *
 * Ansible's undefined variables are strict: using one is an error that names it, while
 * `x | default(...)`, `x is defined` and friends may look at it freely. nunjucks has no such
 * mode, so lookups are made strict when templates are compiled: a variable or attribute
 * compiles to a lookup that throws, except where it is the subject of a lenient filter or test.
 */
import nunjucks from 'nunjucks';
import compiler from 'nunjucks/src/compiler.js';
import lexer from 'nunjucks/src/lexer.js';
import nodes from 'nunjucks/src/nodes.js';
import parserModule from 'nunjucks/src/parser.js';
import runtime from 'nunjucks/src/runtime.js';
import { DeployerError } from '../errors.js';
import { pythonStr } from '../formats/python-repr.js';
import type { Vars } from '../inventory/vars.js';

/** A variable that does not exist, carried to where Ansible would complain about it. */
export class Undefined {
  constructor(readonly name: string) {}
  toString(): string {
    return raise(new UndefinedVariableError(this.name));
  }
  toJSON(): never {
    return raise(new UndefinedVariableError(this.name));
  }
}

export class UndefinedVariableError extends DeployerError {
  constructor(readonly variable: string) {
    super(`'${variable}' is undefined`);
  }
}

export class TemplateError extends DeployerError {}

export const isUndefined = (value: unknown): value is Undefined => value === undefined || value instanceof Undefined;

/**
 * nunjucks wraps whatever a template throws into its own error and drops the original, so the
 * error deployer means to report is kept here (rendering is synchronous: nothing interleaves).
 */
let raised: DeployerError | undefined;
function raise(error: DeployerError): never {
  raised = error;
  throw error;
}

/** Values printed into a template read as Python prints them: True, False, None, ['a', 'b']. */
runtime.suppressValue = (value: unknown): unknown => {
  if (value === undefined) return '';
  if (value === null || typeof value === 'boolean' || Array.isArray(value)) return pythonStr(value);
  if (typeof value === 'object' && !(value instanceof Number) && !(value instanceof Undefined) && Object.getPrototypeOf(value) === Object.prototype) return pythonStr(value);
  return value;
};

const LENIENT_FILTERS = new Set(['default', 'd', 'mandatory']);
const LENIENT_TESTS = new Set(['defined', 'undefined']);

type Frame = { lookup(name: string): unknown };
type Context = { ctx: Record<string, unknown>; env: { globals: Record<string, unknown> }; lookup(name: string): unknown };

/**
 * A context may hold, under this key, a function that renders a variable when a template first
 * names it (see resolveVars): variables that are templates themselves are not rendered up front.
 */
export const LAZY_VARIABLES = '__deployer_lazy_variables';
export const NOT_FOUND = Symbol('not a variable');

runtime.strictLookup = (context: Context, frame: Frame, name: string, lenient: boolean): unknown => {
  const value = frame.lookup(name);
  if (value !== undefined) return value;
  if (name in context.ctx || name in context.env.globals) return context.lookup(name);
  const lazy = context.ctx[LAZY_VARIABLES];
  if (typeof lazy === 'function') {
    const found = (lazy as (name: string) => unknown)(name);
    if (found !== NOT_FOUND) return found;
  }
  if (lenient) return new Undefined(name);
  return raise(new UndefinedVariableError(name));
};

/** Python methods that Jinja templates call on strings and dictionaries (`x.startswith('a')`, `d.items()`). */
const PYTHON_STRING_METHODS: Record<string, (s: string, ...a: never[]) => unknown> = {
  startswith: (s, prefix: string) => s.startsWith(prefix),
  endswith: (s, suffix: string) => s.endsWith(suffix),
  strip: (s, chars?: string) => (chars ? s.replace(new RegExp(`^[${chars}]+|[${chars}]+$`, 'g'), '') : s.trim()),
  lstrip: (s) => s.trimStart(),
  rstrip: (s) => s.trimEnd(),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  split: (s, sep?: string, max?: number) => {
    const parts = sep === undefined || sep === null ? s.trim().split(/\s+/) : s.split(sep);
    return max === undefined ? parts : [...parts.slice(0, max), parts.slice(max).join(sep ?? ' ')].filter((p, i) => i <= max);
  },
  replace: (s, a: string, b: string) => s.split(a).join(b),
  format: (s, ...args: unknown[]) => s.replace(/\{\}/g, () => String(args.shift())),
};
const PYTHON_DICT_METHODS: Record<string, (d: Record<string, unknown>, ...a: never[]) => unknown> = {
  items: (d) => Object.entries(d),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, key: string, fallback: unknown = null) => (key in d ? d[key] : fallback),
};

const strictMember = (target: unknown, key: unknown, lenient: boolean, description: string): unknown => {
  if (typeof target === 'string' && typeof key === 'string' && key in PYTHON_STRING_METHODS) {
    return (...args: never[]) => PYTHON_STRING_METHODS[key](target, ...args);
  }
  if (target && typeof target === 'object' && !Array.isArray(target) && typeof key === 'string' && key in PYTHON_DICT_METHODS && !(key in target)) {
    return (...args: never[]) => PYTHON_DICT_METHODS[key](target as Record<string, unknown>, ...args);
  }
  if (target instanceof Undefined) {
    if (lenient) return new Undefined(`${target.name}.${String(key)}`);
    return raise(new UndefinedVariableError(target.name));
  }
  if ((typeof target === 'string' || Array.isArray(target)) && typeof key === 'number' && key < 0) {
    return strictMember(target, target.length + key, lenient, description); // Python's negative indexes
  }
  if (target !== null && target !== undefined) {
    const value = (target as Record<string, unknown>)[key as string];
    if (typeof value === 'function') return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
    if (value !== undefined) return value;
  }
  if (lenient) return new Undefined(description);
  return raise(new UndefinedVariableError(description));
};
runtime.strictMember = strictMember;

type AstNode = { typename: string; value?: unknown; children?: AstNode[]; target?: AstNode; val?: AstNode; name?: AstNode; args?: AstNode; left?: AstNode; right?: AstNode };
type CompilerThis = {
  _emit(code: string): void;
  compile(node: AstNode, frame: unknown): void;
  _compileExpression(node: AstNode, frame: unknown): void;
  assertType(node: AstNode, type: unknown): void;
  lenient?: number;
};

function describe(node: AstNode | undefined): string {
  if (!node) return '?';
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'Literal') return String(node.value);
  if (node.typename === 'LookupVal') return `${describe(node.target)}.${describe(node.val)}`;
  return '(expression)';
}

function withLenience<T>(self: CompilerThis, lenient: boolean, body: () => T): T {
  const saved = self.lenient ?? 0;
  self.lenient = lenient ? saved + 1 : 0;
  try {
    return body();
  } finally {
    self.lenient = saved;
  }
}

const proto = compiler.Compiler.prototype;
proto.compileSymbol = function (this: CompilerThis & { _scopeLookup?: unknown }, node: AstNode, frame: Frame) {
  const name = String(node.value);
  const local = frame.lookup(name);
  if (local) this._emit(String(local));
  else this._emit(`runtime.strictLookup(context, frame, ${JSON.stringify(name)}, ${Boolean(this.lenient)})`);
};
proto.compileLookupVal = function (this: CompilerThis, node: AstNode, frame: unknown) {
  this._emit('runtime.strictMember((');
  this._compileExpression(node.target!, frame);
  this._emit('),');
  withLenience(this, false, () => this._compileExpression(node.val!, frame));
  this._emit(`, ${Boolean(this.lenient)}, ${JSON.stringify(describe(node))})`);
};
proto.compileFilter = function (this: CompilerThis, node: AstNode, frame: unknown) {
  const name = String(node.name!.value);
  const lenient = LENIENT_FILTERS.has(name);
  this._emit(`env.getFilter(${JSON.stringify(name)}).call(context, `);
  (node.args!.children ?? []).forEach((child, index) => {
    if (index > 0) this._emit(',');
    withLenience(this, lenient && index === 0, () => this.compile(child, frame));
  });
  this._emit(')');
};
proto.compileIs = function (this: CompilerThis, node: AstNode, frame: unknown) {
  const right = node.right!;
  const test = String(right.name ? right.name.value : right.value);
  this._emit(`env.getTest(${JSON.stringify(test)}).call(context, `);
  withLenience(this, LENIENT_TESTS.has(test), () => this.compile(node.left!, frame));
  if (right.args) {
    this._emit(',');
    withLenience(this, false, () => this.compile(right.args!, frame));
  }
  this._emit(') === true');
};

// trim_blocks, as Ansible's templar: the newline after a {% block tag %} is dropped
/**
 * Python slices (`groups['web'][:3]`, `name[1:-1]`, `list[::2]`), which nunjucks' parser lacks:
 * `x[a:b:c]` compiles to a call of the `__deployer_slice` global; `x[i]` stays a lookup.
 */
type ParserThis = {
  peekToken(): { type: string; value: string; lineno: number; colno: number } | null;
  nextToken(): { type: string; value: string; lineno: number; colno: number };
  skip(type: string): boolean;
  parseExpression(): unknown;
  parseSignature(): unknown;
  fail(message: string, lineno?: number, colno?: number): never;
};
parserModule.Parser.prototype.parsePostfix = function (this: ParserThis, start: unknown) {
  let node = start;
  let tok = this.peekToken();
  const atEnd = () => {
    const next = this.peekToken();
    return next?.type === lexer.TOKEN_COLON || next?.type === lexer.TOKEN_RIGHT_BRACKET;
  };
  while (tok) {
    if (tok.type === lexer.TOKEN_LEFT_PAREN) {
      node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
    } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
      this.nextToken();
      const none = () => new nodes.Literal(tok!.lineno, tok!.colno, null);
      const first = atEnd() ? none() : this.parseExpression();
      if (this.skip(lexer.TOKEN_COLON)) {
        const end = atEnd() ? none() : this.parseExpression();
        const step = this.skip(lexer.TOKEN_COLON) && !atEnd() ? this.parseExpression() : none();
        if (!this.skip(lexer.TOKEN_RIGHT_BRACKET)) this.fail('expected ] to end a slice', tok.lineno, tok.colno);
        const args = new nodes.NodeList(tok.lineno, tok.colno, [node, first, end, step]);
        node = new nodes.FunCall(tok.lineno, tok.colno, new nodes.Symbol(tok.lineno, tok.colno, '__deployer_slice'), args);
      } else {
        if (!this.skip(lexer.TOKEN_RIGHT_BRACKET)) this.fail('invalid index', tok.lineno, tok.colno);
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, first);
      }
    } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
      this.nextToken();
      const value = this.nextToken();
      if (value.type !== lexer.TOKEN_SYMBOL) this.fail(`expected name as lookup value, got ${value.value}`, value.lineno, value.colno);
      node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(value.lineno, value.colno, value.value));
    } else {
      break;
    }
    tok = this.peekToken();
  }
  return node;
};

/** Python's slice semantics, for strings and lists. */
export function pythonSlice(value: unknown, start: number | null, end: number | null, step: number | null): unknown {
  const items = typeof value === 'string' ? [...value] : Array.isArray(value) ? value : [];
  const n = items.length;
  const by = step ?? 1;
  if (by === 0) throw new TemplateError('slice step cannot be zero');
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i, low), high);
  const norm = (i: number | null, fallback: number, low: number, high: number) => (i === null ? fallback : clamp(i < 0 ? i + n : i, low, high));
  const out: unknown[] = [];
  if (by > 0) for (let i = norm(start, 0, 0, n); i < norm(end, n, 0, n); i += by) out.push(items[i]);
  else for (let i = norm(start, n - 1, -1, n - 1); i > norm(end, -1, -1, n - 1); i += by) out.push(items[i]);
  return typeof value === 'string' ? out.join('') : out;
}

export const environment = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, trimBlocks: true });
environment.addGlobal('__deployer_slice', pythonSlice);
environment.addFilter('default', (value: unknown, fallback: unknown = '', boolean = false) =>
  isUndefined(value) || (boolean && !value) ? fallback : value,
);
environment.addFilter('d', (value: unknown, fallback: unknown = '', boolean = false) =>
  isUndefined(value) || (boolean && !value) ? fallback : value,
);
environment.addFilter('mandatory', (value: unknown, message?: string) => {
  if (isUndefined(value)) {
    raise(new TemplateError(message ?? `Mandatory variable '${value instanceof Undefined ? value.name : '?'}' not defined.`));
  }
  return value;
});
type WithTests = { addTest(name: string, test: (...args: never[]) => boolean): void };
(environment as unknown as WithTests).addTest('defined', (value: unknown) => !isUndefined(value));
(environment as unknown as WithTests).addTest('undefined', (value: unknown) => isUndefined(value));

const compiled = new Map<string, nunjucks.Template>();

export function hasTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/**
 * Text with only `{{ name }}` substitutions, split into [text, name, text, name, ..., text]; null
 * for anything else. Such templates, the most common kind, are rendered without nunjucks: the
 * same lookup and the same printing, several times faster.
 */
function plainSubstitutions(template: string): string[] | null {
  const parts = template.split(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/);
  for (let i = 0; i < parts.length; i += 2) if (hasTemplate(parts[i])) return null;
  return parts;
}
const plainTemplates = new Map<string, string[] | null>();

/** Renders a template string with these variables; an undefined variable is an error naming it. */
export function renderString(template: string, vars: Vars): string {
  if (!hasTemplate(template)) return template;
  let parts = plainTemplates.get(template);
  if (parts === undefined) plainTemplates.set(template, (parts = plainSubstitutions(template)));
  // names that are not plain variables (undefined ones, globals) take nunjucks' path and its errors
  if (parts && parts.every((name, i) => i % 2 === 0 || name in vars)) {
    let output = parts[0];
    const print = runtime.suppressValue as (value: unknown, autoescape: boolean) => string;
    for (let i = 1; i < parts.length; i += 2) output += print(vars[parts[i]], false) + parts[i + 1];
    return output;
  }
  let compiledTemplate = compiled.get(template);
  raised = undefined;
  try {
    if (!compiledTemplate) {
      compiledTemplate = new nunjucks.Template(template, environment, undefined, true);
      compiled.set(template, compiledTemplate);
    }
    return compiledTemplate.render(vars);
  } catch (error) {
    throw templateError(error, template);
  }
}

function templateError(error: unknown, template: string): DeployerError {
  if (error instanceof DeployerError) return error;
  if (raised) return raised;
  const message = String((error as Error)?.message ?? error).replace(/^\(unknown path\)\s*/, '').replace(/\s+/g, ' ').trim();
  return new TemplateError(`template error while templating '${template}': ${message}`);
}
