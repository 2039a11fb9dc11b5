/**
 * Compiles parsed templates to JavaScript, once per template text, as Jinja2 compiles to
 * Python: the template's own variables (loop targets, `set`, macro parameters) become
 * JavaScript locals resolved when compiling, everything else is looked up in the context, and
 * values go through the helpers of ./helpers.ts (Python's semantics, Ansible's undefined).
 * The generated code holds no text of the template outside JSON string literals.
 */
import type { Args, Expr, Param, Stmt, Target } from './ast.js';
import { helpers } from './helpers.js';
import type { Context } from './runtime.js';

/** A template name bound in a frame: its JavaScript variable. */
type Frame = Map<string, string>;

class CodeGen {
  private readonly lines: string[] = [];
  private counter = 0;
  readonly constants: unknown[] = [];
  private readonly frames: Frame[] = [];

  fresh(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  emit(line: string): void {
    this.lines.push(line);
  }

  code(): string {
    return this.lines.join('\n');
  }

  constant(value: unknown): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
    this.constants.push(value);
    return `c[${this.constants.length - 1}]`;
  }

  /** A new frame whose names are those the body assigns (`set`), declared as unset. */
  pushFrame(names: Iterable<string>, bound: Record<string, string> = {}): void {
    const frame: Frame = new Map(Object.entries(bound));
    for (const name of names) {
      if (frame.has(name)) continue;
      const id = this.fresh('v');
      frame.set(name, id);
      this.emit(`let ${id} = M;`);
    }
    this.frames.push(frame);
  }

  popFrame(): void {
    this.frames.pop();
  }

  bind(name: string): string {
    return this.frames[this.frames.length - 1].get(name)!;
  }

  /** How a name reads here: the innermost frame that binds it (if it is set by then), outward, then the context. */
  resolve(name: string, depth = this.frames.length - 1): string {
    for (let i = depth; i >= 0; i--) {
      const id = this.frames[i].get(name);
      if (id) return `(${id} !== M ? ${id} : ${this.resolve(name, i - 1)})`;
    }
    return `h.lookup(ctx, ${JSON.stringify(name)})`;
  }

  // expressions ------------------------------------------------------------------------------

  args(args: Args): { positional: string; kwargs: string } {
    let positional = `[${args.positional.map((a) => this.expr(a)).join(', ')}]`;
    if (args.star) positional = `${positional}.concat(h.iterate(${this.expr(args.star)}))`;
    let kwargs = `{${args.keywords.map(([k, v]) => `${JSON.stringify(k)}: ${this.expr(v)}`).join(', ')}}`;
    if (args.starstar) kwargs = `h.withKwargs(${kwargs}, ${this.expr(args.starstar)})`;
    if (!args.positional.length && !args.star) positional = 'NO_ARGS';
    if (!args.keywords.length && !args.starstar) kwargs = 'NO_KWARGS';
    return { positional, kwargs };
  }

  expr(expr: Expr): string {
    switch (expr.kind) {
      case 'const':
        return this.constant(expr.value);
      case 'name':
        return this.resolve(expr.name);
      case 'list':
        return `[${expr.items.map((i) => this.expr(i)).join(', ')}]`;
      case 'tuple':
        return `h.tuple([${expr.items.map((i) => this.expr(i)).join(', ')}])`;
      case 'dict':
        return `h.dict([${expr.pairs.map(([k, v]) => `${this.expr(k)}, ${this.expr(v)}`).join(', ')}])`;
      case 'getattr':
        return `h.getattr(${this.expr(expr.target)}, ${JSON.stringify(expr.attr)})`;
      case 'getitem':
        return `h.getitem(${this.expr(expr.target)}, ${this.expr(expr.key)})`;
      case 'slice': {
        const part = (e?: Expr) => (e ? this.expr(e) : 'null');
        return `h.slice(${this.expr(expr.target)}, ${part(expr.start)}, ${part(expr.stop)}, ${part(expr.step)})`;
      }
      case 'call': {
        const { positional, kwargs } = this.args(expr.args);
        return `h.call(${this.expr(expr.callee)}, ${positional}, ${kwargs})`;
      }
      case 'filter': {
        const { positional, kwargs } = this.args(expr.args);
        return `h.filter(ctx, ${JSON.stringify(expr.name)}, ${this.expr(expr.subject)}, ${positional}, ${kwargs}, ${expr.line})`;
      }
      case 'test': {
        // `x.y is defined` is the most common test of all: answered without making an undefined value
        const bare = !expr.args.positional.length && !expr.args.keywords.length && !expr.args.star && !expr.args.starstar;
        if (bare && expr.subject.kind === 'getattr' && (expr.name === 'defined' || expr.name === 'undefined')) {
          const defined = `h.attributeDefined(${this.expr(expr.subject.target)}, ${JSON.stringify(expr.subject.attr)})`;
          return (expr.name === 'defined') !== expr.negated ? defined : `!${defined}`;
        }
        const { positional, kwargs } = this.args(expr.args);
        const call = `h.test(ctx, ${JSON.stringify(expr.name)}, ${this.expr(expr.subject)}, ${positional}, ${kwargs}, ${expr.line})`;
        return expr.negated ? `!${call}` : call;
      }
      case 'unary':
        return expr.op === 'not' ? `!h.truthy(${this.expr(expr.operand)})` : `h.negate(${JSON.stringify(expr.op)}, ${this.expr(expr.operand)})`;
      case 'binary':
        return `h.binary(${JSON.stringify(expr.op)}, ${this.expr(expr.left)}, ${this.expr(expr.right)})`;
      case 'and':
      case 'or': {
        const t = this.fresh('t');
        this.temps.push(t);
        const [left, right] = [this.expr(expr.left), this.expr(expr.right)];
        return expr.kind === 'and' ? `(h.truthy(${t} = ${left}) ? ${right} : ${t})` : `(h.truthy(${t} = ${left}) ? ${t} : ${right})`;
      }
      case 'compare': {
        if (expr.ops.length === 1) return `h.compare(${JSON.stringify(expr.ops[0].op)}, ${this.expr(expr.first)}, ${this.expr(expr.ops[0].operand)})`;
        // a < b < c: each operand evaluated once, left to right, stopping at the first false
        const temps = expr.ops.map(() => this.fresh('t'));
        const first = this.fresh('t');
        this.temps.push(first, ...temps);
        const parts = expr.ops.map(({ op, operand }, i) => `h.compare(${JSON.stringify(op)}, ${i === 0 ? first : temps[i - 1]}, ${temps[i]} = ${this.expr(operand)})`);
        return `((${first} = ${this.expr(expr.first)}), ${parts.join(' && ')})`;
      }
      case 'concat':
        return `(${expr.items.map((i) => `h.str(${this.expr(i)})`).join(' + ')})`;
      case 'cond':
        // Jinja2's undefined for a false `x if y` without else: Ansible prints it as nothing
        return `(h.truthy(${this.expr(expr.test)}) ? ${this.expr(expr.then)} : ${expr.otherwise ? this.expr(expr.otherwise) : 'null'})`;
    }
  }

  /** Temporaries of the function being generated (declared at its top). */
  temps: string[] = [];

  // statements -------------------------------------------------------------------------------

  assign(target: Target, value: string): void {
    if (target.kind === 'name') this.emit(`${this.bind(target.name)} = ${value};`);
    else if (target.kind === 'nsattr') this.emit(`h.nsset(${this.resolve(target.name)}, ${JSON.stringify(target.attr)}, ${value});`);
    else {
      const items = this.fresh('u');
      this.emit(`const ${items} = h.unpack(${value}, ${target.items.length});`);
      target.items.forEach((t, i) => this.assign(t, `${items}[${i}]`));
    }
  }

  body(body: Stmt[]): void {
    for (const stmt of body) this.stmt(stmt);
  }

  private capture(body: Stmt[], into: string): void {
    // the body writes to a text of its own, in a scope of its own
    this.emit(`let ${into};`);
    this.emit('{ const saved = o; o = "";');
    this.pushFrame(assignedNames(body));
    this.body(body);
    this.popFrame();
    this.emit(`${into} = o; o = saved; }`);
  }

  private filters(filters: { name: string; args: Args; line: number }[], value: string): string {
    return filters.reduce((v, f) => {
      const { positional, kwargs } = this.args(f.args);
      return `h.filter(ctx, ${JSON.stringify(f.name)}, ${v}, ${positional}, ${kwargs}, ${f.line})`;
    }, value);
  }

  stmt(stmt: Stmt): void {
    switch (stmt.kind) {
      case 'output':
        this.emit(`o += ${JSON.stringify(stmt.text)};`);
        return;
      case 'print':
        this.emit(`o += h.finalize(${this.expr(stmt.expr)});`);
        return;
      case 'if':
        stmt.branches.forEach((branch, i) => {
          this.emit(`${i ? '} else ' : ''}if (h.truthy(${this.expr(branch.test)})) {`);
          this.body(branch.body);
        });
        if (stmt.otherwise.length) {
          this.emit('} else {');
          this.body(stmt.otherwise);
        }
        this.emit('}');
        return;
      case 'for':
        this.forLoop(stmt);
        return;
      case 'set':
        this.assign(stmt.target, this.expr(stmt.value));
        return;
      case 'setblock': {
        const text = this.fresh('s');
        this.capture(stmt.body, text);
        this.assign(stmt.target, this.filters(stmt.filters, text));
        return;
      }
      case 'macro':
        this.emit(`${this.bind(stmt.name)} = ${this.macro(stmt.name, stmt.params, stmt.body)};`);
        return;
      case 'callblock': {
        const call = stmt.call as Extract<Expr, { kind: 'call' }>;
        const { positional, kwargs } = this.args(call.args);
        const caller = this.macro('caller', stmt.params, stmt.body);
        this.emit(`o += h.finalize(h.call(${this.expr(call.callee)}, ${positional}, Object.assign({}, ${kwargs}, { caller: ${caller} })));`);
        return;
      }
      case 'filterblock': {
        const text = this.fresh('s');
        this.capture(stmt.body, text);
        this.emit(`o += h.str(${this.filters(stmt.filters, text)});`);
        return;
      }
      case 'with': {
        const values = stmt.assignments.map(([, value]) => this.expr(value));
        const ids = values.map(() => this.fresh('w'));
        ids.forEach((id, i) => this.emit(`const ${id} = ${values[i]};`));
        this.emit('{');
        this.pushFrame(assignedNames(stmt.body), {});
        const frameTargets = stmt.assignments.map(([target]) => target);
        for (const name of frameTargets.flatMap(targetNames)) this.declare(name);
        frameTargets.forEach((target, i) => this.assign(target, ids[i]));
        this.body(stmt.body);
        this.popFrame();
        this.emit('}');
        return;
      }
    }
  }

  /** A name bound in the innermost frame from here on. */
  declare(name: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame.has(name)) return;
    const id = this.fresh('v');
    frame.set(name, id);
    this.emit(`let ${id} = M;`);
  }

  private forLoop(stmt: Extract<Stmt, { kind: 'for' }>): void {
    const [fn, items, all, depth, i, loop, recurse] = ['f', 'items', 'all', 'd', 'i', 'loop', 'r'].map((p) => this.fresh(p));
    const names = targetNames(stmt.target);
    // the loop is a function of its items, so that a recursive loop can call itself with children
    this.emit(`const ${fn} = (${items}, ${depth}) => {`);
    this.emit(`let ${all} = ${items};`);
    if (stmt.filter) {
      this.emit(`${all} = ${items}.filter((item) => {`);
      this.pushFrame(names);
      this.assign(stmt.target, 'item');
      this.emit(`return h.truthy(${this.expr(stmt.filter)});`);
      this.popFrame();
      this.emit('});');
    }
    this.emit(`const ${recurse} = ${stmt.recursive ? `h.fn('loop', (args) => { const saved = o; o = ''; ${fn}(h.iterate(args[0]), ${depth} + 1); const text = o; o = saved; return text; })` : 'undefined'};`);
    this.emit(`const ${loop} = h.loop(${all}, ${depth}, ${recurse});`);
    this.emit(`for (let ${i} = 0; ${i} < ${all}.length; ${i}++) {`);
    this.emit(`${loop}.state.index0 = ${i};`);
    this.pushFrame([...names, 'loop', ...assignedNames(stmt.body)]);
    this.emit(`${this.bind('loop')} = ${loop}.value;`);
    this.assign(stmt.target, `${all}[${i}]`);
    this.body(stmt.body);
    this.popFrame();
    this.emit('}');
    if (stmt.otherwise.length) {
      this.emit(`if (${all}.length === 0) {`);
      this.body(stmt.otherwise);
      this.emit('}');
    }
    this.emit('};');
    this.emit(`${fn}(h.iterate(${this.expr(stmt.iter)}), 0);`);
  }

  /** A macro: a function binding its parameters (defaults evaluated in its own scope) and rendering its body. */
  private macro(name: string, params: Param[], body: Stmt[]): string {
    const saved = this.lines.length;
    const savedTemps = this.temps;
    this.temps = [];
    const ids = params.map(() => this.fresh('p'));
    const [varargs, kwargs, caller] = [this.fresh('p'), this.fresh('p'), this.fresh('p')];
    this.emit(`h.macro(${JSON.stringify(name)}, ${JSON.stringify(params.map((p) => p.name))}, ${mentions(body, 'varargs')}, ${mentions(body, 'kwargs')}, (${[...ids, varargs, kwargs, caller].join(', ')}) => {`);
    this.emit('let o = "";');
    const tempsAt = this.lines.length;
    const bound: Record<string, string> = { varargs, kwargs, caller };
    params.forEach((p, i) => (bound[p.name] = ids[i]));
    this.pushFrame(assignedNames(body), bound);
    params.forEach((p, i) => {
      if (p.default) this.emit(`if (${ids[i]} === M) ${ids[i]} = ${this.expr(p.default)};`);
      else this.emit(`if (${ids[i]} === M) ${ids[i]} = h.missingParameter(${JSON.stringify(p.name)});`);
    });
    this.emit(`if (${caller} === M) ${caller} = h.missingParameter('caller');`);
    this.body(body);
    this.popFrame();
    this.emit('return o; })');
    if (this.temps.length) this.lines.splice(tempsAt, 0, `let ${this.temps.join(', ')};`);
    this.temps = savedTemps;
    return this.lines.splice(saved).join('\n');
  }

  /** The whole template as one function of the context. */
  template(body: Stmt[]): string {
    this.emit('let o = "";');
    const tempsAt = this.lines.length;
    this.pushFrame(assignedNames(body));
    this.body(body);
    this.popFrame();
    if (this.temps.length) this.lines.splice(tempsAt, 0, `let ${this.temps.join(', ')};`);
    this.emit('return o;');
    return this.code();
  }

  expression(expr: Expr): string {
    this.frames.push(new Map());
    const code = this.expr(expr);
    return `${this.temps.length ? `let ${this.temps.join(', ')};` : ''}\nreturn ${code};`;
  }
}

function targetNames(target: Target): string[] {
  if (target.kind === 'name') return [target.name];
  if (target.kind === 'tuple') return target.items.flatMap(targetNames);
  return [];
}

/** The names a body binds in its own scope (set, macro; not inside nested loops, macros or with). */
function assignedNames(body: Stmt[]): Set<string> {
  const names = new Set<string>();
  const walk = (stmts: Stmt[]) => {
    for (const stmt of stmts) {
      if (stmt.kind === 'set' || stmt.kind === 'setblock') targetNames(stmt.target).forEach((n) => names.add(n));
      else if (stmt.kind === 'macro') names.add(stmt.name);
      else if (stmt.kind === 'if') {
        stmt.branches.forEach((b) => walk(b.body));
        walk(stmt.otherwise);
      }
    }
  };
  walk(body);
  return names;
}

/** Whether a body names a variable (a macro takes varargs/kwargs only if its body uses them). */
function mentions(body: Stmt[], name: string): boolean {
  let found = false;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const record = node as Record<string, unknown>;
    if (record.kind === 'name' && record.name === name) found = true;
    for (const value of Object.values(record)) if (value && typeof value === 'object') walk(value);
  };
  walk(body);
  return found;
}

const PRELUDE = 'const { M, NO_ARGS, NO_KWARGS } = h;';

function build<T>(source: string, constants: unknown[]): (ctx: Context) => T {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code is generated from the parsed template (see the header)
  const factory = new Function('h', 'c', `${PRELUDE}\nreturn function template(ctx) {\n${source}\n};`) as (h: typeof helpers, c: unknown[]) => (ctx: Context) => T;
  return factory(helpers, constants);
}

/** A whole template: its text for a context. */
export function compileTemplate(body: Stmt[]): (context: Context) => string {
  const gen = new CodeGen();
  return build<string>(gen.template(body), gen.constants);
}

/** A bare expression: its value for a context. */
export function compileExpression(expr: Expr): (context: Context) => unknown {
  const gen = new CodeGen();
  return build<unknown>(gen.expression(expr), gen.constants);
}
