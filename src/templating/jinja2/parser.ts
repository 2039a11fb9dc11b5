/**
 * Jinja2's grammar, rule for rule as its parser reads it (precedence, `is` tests with a bare
 * argument, `**` grouping to the left, conditional expressions, tuples without parentheses).
 */
import { pyFloat } from '../../formats/py-float.js';
import type { Args, Expr, Param, Stmt, Target } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { tokenize, type LexerSettings, type Token } from './lexer.js';

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** Tags that Jinja2 knows but deployer does not render (they need a template loader). */
const LOADER_TAGS = new Set(['extends', 'block', 'include', 'import', 'from']);

const describe = (token: Token) =>
  token.type === 'eof' ? 'end of template' : token.type === 'block_end' ? 'end of statement block' : token.type === 'variable_end' ? 'end of print statement' : token.type === 'string' ? 'string' : String(token.value);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.pos];
  }
  private look(): Token {
    return this.tokens[Math.min(this.pos + 1, this.tokens.length - 1)];
  }
  private next(): Token {
    const token = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }
  private is(value: string, token = this.current): boolean {
    return (token.type === 'operator' || token.type === 'name') && token.value === value;
  }
  private skip(value: string): boolean {
    if (!this.is(value)) return false;
    this.next();
    return true;
  }
  fail(message: string, line = this.current.line): never {
    throw new TemplateSyntaxError(message, line);
  }
  private expect(value: string): Token {
    if (!this.is(value)) this.fail(`expected token '${value}', got '${describe(this.current)}'`);
    return this.next();
  }
  private expectType(type: Token['type'], what: string): Token {
    if (this.current.type !== type) this.fail(`expected token '${what}', got '${describe(this.current)}'`);
    return this.next();
  }
  private expectName(): string {
    if (this.current.type !== 'name') this.fail(`expected token 'name', got '${describe(this.current)}'`);
    return String(this.next().value);
  }

  /** A bare expression: the tokens of `{{ source }}`, nothing after. */
  bareExpression(): Expr {
    this.expectType('variable_begin', 'begin of print statement');
    const expr = this.tuple({ condexpr: true });
    this.expectType('variable_end', 'end of print statement');
    if (this.current.type !== 'eof') this.fail(`unexpected '${describe(this.current)}'`);
    return expr;
  }

  template(): Stmt[] {
    const body = this.subparse([]);
    if (this.current.type !== 'eof') this.fail(`Encountered unknown tag '${this.current.value}'.`);
    return body;
  }

  private subparse(endTags: string[]): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      const token = this.current;
      if (token.type === 'eof') return body;
      if (token.type === 'data') {
        body.push({ kind: 'output', text: String(this.next().value) });
      } else if (token.type === 'variable_begin') {
        this.next();
        const expr = this.tuple({ condexpr: true });
        this.expectType('variable_end', 'end of print statement');
        body.push({ kind: 'print', expr, line: token.line });
      } else if (token.type === 'block_begin') {
        this.next();
        if (this.current.type === 'name' && endTags.includes(String(this.current.value))) return body;
        body.push(...this.statement());
        this.expectType('block_end', 'end of statement block');
      } else this.fail('internal lexer error');
    }
  }

  /** The body of a block statement, up to one of its end tags (left as the current token). */
  private statements(endTags: string[], dropNeedle = false): Stmt[] {
    this.skip(':');
    this.expectType('block_end', 'end of statement block');
    const body = this.subparse(endTags);
    if (this.current.type === 'eof') this.fail(`Unexpected end of template. Jinja was looking for the following tags: ${endTags.map((t) => `'${t}'`).join(' or ')}.`);
    if (dropNeedle) this.next();
    return body;
  }

  private statement(): Stmt[] {
    const token = this.current;
    if (token.type !== 'name') this.fail('tag name expected');
    const name = String(token.value);
    this.next();
    switch (name) {
      case 'if':
        return [this.ifStatement()];
      case 'for':
        return [this.forStatement(token.line)];
      case 'set':
        return [this.setStatement()];
      case 'macro':
        return [this.macroStatement()];
      case 'call':
        return [this.callStatement()];
      case 'filter': {
        const filters = this.filterChain(true);
        return [{ kind: 'filterblock', filters, body: this.statements(['endfilter'], true) }];
      }
      case 'with':
        return [this.withStatement()];
      case 'print': {
        const out: Stmt[] = [];
        while (this.current.type !== 'block_end') {
          if (out.length) this.expect(',');
          out.push({ kind: 'print', expr: this.expression(), line: token.line });
        }
        return out;
      }
      default:
        if (LOADER_TAGS.has(name)) this.fail(`the '${name}' tag is not supported by deployer (templates are rendered one at a time)`, token.line);
        return this.fail(`Encountered unknown tag '${name}'.`, token.line);
    }
  }

  private ifStatement(): Stmt {
    const branches: { test: Expr; body: Stmt[] }[] = [];
    let otherwise: Stmt[] = [];
    let test = this.tuple({ condexpr: false });
    for (;;) {
      const body = this.statements(['elif', 'else', 'endif']);
      branches.push({ test, body });
      const tag = String(this.next().value);
      if (tag === 'elif') {
        test = this.tuple({ condexpr: false });
        continue;
      }
      if (tag === 'else') otherwise = this.statements(['endif'], true);
      break;
    }
    return { kind: 'if', branches, otherwise };
  }

  private forStatement(line: number): Stmt {
    const target = this.assignTarget({ endRules: ['in'] });
    this.expect('in');
    const iter = this.tuple({ condexpr: false, endRules: ['recursive'] });
    const filter = this.skip('if') ? this.expression() : undefined;
    const recursive = this.skip('recursive');
    const body = this.statements(['endfor', 'else']);
    const otherwise = String(this.next().value) === 'endfor' ? [] : this.statements(['endfor'], true);
    return { kind: 'for', target, iter, ...(filter ? { filter } : {}), body, otherwise, recursive, line };
  }

  private setStatement(): Stmt {
    const target = this.assignTarget({ namespace: true });
    if (this.skip('=')) return { kind: 'set', target, value: this.tuple({ condexpr: true }) };
    const filters = this.filterChain(false);
    return { kind: 'setblock', target, filters, body: this.statements(['endset'], true) };
  }

  private macroStatement(): Stmt {
    const name = this.expectName();
    const params = this.signature();
    return { kind: 'macro', name, params, body: this.statements(['endmacro'], true) };
  }

  private callStatement(): Stmt {
    const params = this.is('(') ? this.signature() : [];
    const call = this.expression();
    if (call.kind !== 'call') this.fail('expected call');
    return { kind: 'callblock', call, params, body: this.statements(['endcall'], true) };
  }

  private withStatement(): Stmt {
    const assignments: [Target, Expr][] = [];
    while (this.current.type !== 'block_end') {
      if (assignments.length) this.expect(',');
      const target = this.assignTarget({});
      this.expect('=');
      assignments.push([target, this.expression()]);
    }
    return { kind: 'with', assignments, body: this.statements(['endwith'], true) };
  }

  private signature(): Param[] {
    const params: Param[] = [];
    this.expect('(');
    while (!this.is(')')) {
      if (params.length) this.expect(',');
      const name = this.expectName();
      if (this.skip('=')) params.push({ name, default: this.expression() });
      else if (params.some((p) => p.default)) this.fail('non-default argument follows default argument');
      else params.push({ name });
    }
    this.expect(')');
    return params;
  }

  /** `| f(x) | g` after a `set` or `filter` tag: the filters a block's output goes through. */
  private filterChain(startInline: boolean): { name: string; args: Args; line: number }[] {
    const filters: { name: string; args: Args; line: number }[] = [];
    while (this.is('|') || startInline) {
      if (!startInline) this.next();
      startInline = false;
      const line = this.current.line;
      const name = this.dottedName();
      filters.push({ name, args: this.is('(') ? this.callArgs() : { positional: [], keywords: [] }, line });
    }
    return filters;
  }

  private assignTarget(options: { endRules?: string[]; namespace?: boolean; nameOnly?: boolean }): Target {
    if (options.namespace && this.current.type === 'name' && this.is('.', this.look())) {
      const name = String(this.next().value);
      this.next();
      return { kind: 'nsattr', name, attr: this.expectName() };
    }
    const targets: Target[] = [];
    let isTuple = false;
    const single = (): Target => {
      if (this.skip('(')) {
        const inner = this.assignTarget({});
        this.expect(')');
        return inner;
      }
      const name = this.expectName();
      if (['true', 'false', 'none', 'True', 'False', 'None'].includes(name)) this.fail(`Can't assign to '${name}'`);
      return { kind: 'name', name };
    };
    for (;;) {
      if (targets.length) this.expect(',');
      if (this.current.type === 'block_end' || this.is(')') || (options.endRules ?? []).some((r) => this.is(r))) break;
      targets.push(single());
      if (this.is(',')) isTuple = true;
      else break;
    }
    if (!isTuple && targets.length === 1) return targets[0];
    if (targets.length === 0) this.fail(`expected token 'name', got '${describe(this.current)}'`);
    return { kind: 'tuple', items: targets };
  }

  /** Jinja2's parse_tuple: `a, b` is a tuple where a tuple may stand without parentheses. */
  private tuple(options: { condexpr: boolean; endRules?: string[]; explicit?: boolean }): Expr {
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expect(',');
      const end = this.current;
      if (end.type === 'variable_end' || end.type === 'block_end' || this.is(')') || (options.endRules ?? []).some((r) => this.is(r))) break;
      items.push(options.condexpr ? this.expression() : this.or());
      if (this.is(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0];
      if (!options.explicit) this.fail(`Expected an expression, got '${describe(this.current)}'`);
    }
    return { kind: 'tuple', items };
  }

  expression(): Expr {
    return this.conditional();
  }

  private conditional(): Expr {
    let expr = this.or();
    while (this.skip('if')) {
      const test = this.or();
      const otherwise = this.skip('else') ? this.conditional() : undefined;
      expr = { kind: 'cond', test, then: expr, ...(otherwise ? { otherwise } : {}) };
    }
    return expr;
  }

  private or(): Expr {
    let left = this.and();
    while (this.skip('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.skip('and')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.current.type === 'name' && this.current.value === 'not') {
      this.next();
      return { kind: 'unary', op: 'not', operand: this.not() };
    }
    return this.compare();
  }

  private compare(): Expr {
    const first = this.math1();
    const ops: { op: string; operand: Expr }[] = [];
    for (;;) {
      const token = this.current;
      if (token.type === 'operator' && COMPARE.has(String(token.value))) {
        this.next();
        ops.push({ op: String(token.value), operand: this.math1() });
      } else if (this.skip('in')) ops.push({ op: 'in', operand: this.math1() });
      else if (this.is('not') && this.is('in', this.look())) {
        this.next();
        this.next();
        ops.push({ op: 'not in', operand: this.math1() });
      } else break;
    }
    return ops.length ? { kind: 'compare', first, ops } : first;
  }

  private math1(): Expr {
    let left = this.concat();
    while (this.current.type === 'operator' && (this.current.value === '+' || this.current.value === '-')) {
      const op = String(this.next().value);
      left = { kind: 'binary', op, left, right: this.concat() };
    }
    return left;
  }

  private concat(): Expr {
    const items = [this.math2()];
    while (this.current.type === 'operator' && this.current.value === '~') {
      this.next();
      items.push(this.math2());
    }
    return items.length === 1 ? items[0] : { kind: 'concat', items };
  }

  private math2(): Expr {
    let left = this.pow();
    while (this.current.type === 'operator' && ['*', '/', '//', '%'].includes(String(this.current.value))) {
      const op = String(this.next().value);
      left = { kind: 'binary', op, left, right: this.pow() };
    }
    return left;
  }

  private pow(): Expr {
    let left = this.unary(true);
    while (this.current.type === 'operator' && this.current.value === '**') {
      this.next();
      left = { kind: 'binary', op: '**', left, right: this.unary(true) };
    }
    return left;
  }

  private unary(withFilter: boolean): Expr {
    let node: Expr;
    if (this.current.type === 'operator' && (this.current.value === '-' || this.current.value === '+')) {
      const op = this.next().value as '-' | '+';
      node = { kind: 'unary', op, operand: this.unary(false) };
    } else node = this.primary();
    node = this.postfix(node);
    return withFilter ? this.filterExpr(node) : node;
  }

  private primary(): Expr {
    const token = this.current;
    if (token.type === 'name') {
      this.next();
      const name = String(token.value);
      if (name === 'true' || name === 'True') return { kind: 'const', value: true };
      if (name === 'false' || name === 'False') return { kind: 'const', value: false };
      if (name === 'none' || name === 'None') return { kind: 'const', value: null };
      return { kind: 'name', name };
    }
    if (token.type === 'string') {
      let value = String(this.next().value);
      while (this.current.type === 'string') value += String(this.next().value);
      return { kind: 'const', value };
    }
    if (token.type === 'integer') return { kind: 'const', value: this.next().value };
    if (token.type === 'float') return { kind: 'const', value: pyFloat(Number(this.next().value)) };
    if (this.skip('(')) {
      const expr = this.tuple({ condexpr: true, explicit: true });
      this.expect(')');
      return expr;
    }
    if (this.is('[')) return this.list();
    if (this.is('{')) return this.dict();
    return this.fail(`unexpected '${describe(token)}'`);
  }

  private list(): Expr {
    this.expect('[');
    const items: Expr[] = [];
    while (!this.is(']')) {
      if (items.length) this.expect(',');
      if (this.is(']')) break;
      items.push(this.expression());
    }
    this.expect(']');
    return { kind: 'list', items };
  }

  private dict(): Expr {
    this.expect('{');
    const pairs: [Expr, Expr][] = [];
    while (!this.is('}')) {
      if (pairs.length) this.expect(',');
      if (this.is('}')) break;
      const key = this.expression();
      this.expect(':');
      pairs.push([key, this.expression()]);
    }
    this.expect('}');
    return { kind: 'dict', pairs };
  }

  private postfix(node: Expr): Expr {
    for (;;) {
      if (this.is('.') || this.is('[')) node = this.subscript(node);
      else if (this.is('(')) node = { kind: 'call', callee: node, args: this.callArgs() };
      else return node;
    }
  }

  private filterExpr(node: Expr): Expr {
    for (;;) {
      if (this.is('|')) node = this.filter(node);
      else if (this.current.type === 'name' && this.current.value === 'is') node = this.test(node);
      else if (this.is('(')) node = { kind: 'call', callee: node, args: this.callArgs() };
      else return node;
    }
  }

  private subscript(node: Expr): Expr {
    const token = this.next();
    if (token.value === '.') {
      const attr = this.next();
      if (attr.type === 'name') return { kind: 'getattr', target: node, attr: String(attr.value) };
      if (attr.type === 'integer') return { kind: 'getitem', target: node, key: { kind: 'const', value: attr.value } };
      return this.fail('expected name or number', attr.line);
    }
    const keys: Expr[] = [];
    while (!this.is(']')) {
      if (keys.length) this.expect(',');
      keys.push(this.subscribed(node));
    }
    this.expect(']');
    if (keys.length === 1 && keys[0].kind === 'slice') return keys[0];
    if (keys.some((k) => k.kind === 'slice')) this.fail('extended slices are not supported');
    return { kind: 'getitem', target: node, key: keys.length === 1 ? keys[0] : { kind: 'tuple', items: keys } };
  }

  /** One subscript: an expression, or a slice `a:b:c` (any part may be left out). */
  private subscribed(target: Expr): Expr {
    const parts: (Expr | undefined)[] = [];
    if (this.is(':')) {
      this.next();
      parts.push(undefined);
    } else {
      const first = this.expression();
      if (!this.is(':')) return first;
      this.next();
      parts.push(first);
    }
    const endOfPart = () => this.is(':') || this.is(']') || this.is(',');
    parts.push(endOfPart() ? undefined : this.expression());
    if (this.skip(':')) parts.push(this.is(']') || this.is(',') ? undefined : this.expression());
    const [start, stop, step] = parts;
    return { kind: 'slice', target, ...(start ? { start } : {}), ...(stop ? { stop } : {}), ...(step ? { step } : {}) };
  }

  private callArgs(): Args {
    this.expect('(');
    const args: Args = { positional: [], keywords: [] };
    let needComma = false;
    while (!this.is(')')) {
      if (needComma) {
        this.expect(',');
        if (this.is(')')) break;
      }
      if (this.is('*')) {
        if (args.star || args.starstar) this.fail('invalid syntax for function call expression');
        this.next();
        args.star = this.expression();
      } else if (this.is('**')) {
        if (args.starstar) this.fail('invalid syntax for function call expression');
        this.next();
        args.starstar = this.expression();
      } else if (this.current.type === 'name' && this.is('=', this.look())) {
        if (args.starstar) this.fail('invalid syntax for function call expression');
        const key = String(this.next().value);
        this.next();
        args.keywords.push([key, this.expression()]);
      } else {
        if (args.star || args.starstar || args.keywords.length) this.fail('invalid syntax for function call expression');
        args.positional.push(this.expression());
      }
      needComma = true;
    }
    this.expect(')');
    return args;
  }

  private dottedName(): string {
    let name = this.expectName();
    while (this.is('.')) {
      this.next();
      name += `.${this.expectName()}`;
    }
    return name;
  }

  private filter(node: Expr): Expr {
    this.next();
    const line = this.current.line;
    const name = this.dottedName();
    const args = this.is('(') ? this.callArgs() : { positional: [], keywords: [] };
    return { kind: 'filter', subject: node, name, args, line };
  }

  private test(node: Expr): Expr {
    this.next();
    const negated = this.skip('not');
    const line = this.current.line;
    const name = this.dottedName();
    let args: Args = { positional: [], keywords: [] };
    const token = this.current;
    if (this.is('(')) args = this.callArgs();
    else if (['name', 'string', 'integer', 'float'].includes(token.type) || this.is('[') || this.is('{')) {
      if (!(token.type === 'name' && ['else', 'or', 'and'].includes(String(token.value)))) {
        if (this.is('is')) this.fail('You cannot chain multiple tests with is');
        args = { positional: [this.postfix(this.primary())], keywords: [] };
      }
    }
    return { kind: 'test', subject: node, name, args, negated, line };
  }
}

export function parseTemplate(source: string, settings?: LexerSettings): Stmt[] {
  return new Parser(tokenize(source, undefined, settings)).template();
}

/** A bare expression, as in `when:` (Jinja2's compile_expression). */
export function parseExpression(source: string): Expr {
  return new Parser(tokenize(`{{ ${source} }}`)).bareExpression();
}
