/** The nodes of a parsed template: Jinja2's, named as in its `nodes` module. */

export type Expr =
  | { kind: 'const'; value: unknown }
  | { kind: 'name'; name: string }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'dict'; pairs: [Expr, Expr][] }
  | { kind: 'getattr'; target: Expr; attr: string }
  | { kind: 'getitem'; target: Expr; key: Expr }
  | { kind: 'slice'; target: Expr; start?: Expr; stop?: Expr; step?: Expr }
  | { kind: 'call'; callee: Expr; args: Args }
  | { kind: 'filter'; subject: Expr; name: string; args: Args; line: number }
  | { kind: 'test'; subject: Expr; name: string; args: Args; negated: boolean; line: number }
  | { kind: 'unary'; op: 'not' | '-' | '+'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; first: Expr; ops: { op: string; operand: Expr }[] }
  | { kind: 'concat'; items: Expr[] }
  | { kind: 'cond'; test: Expr; then: Expr; otherwise?: Expr };

export interface Args {
  positional: Expr[];
  keywords: [string, Expr][];
  star?: Expr;
  starstar?: Expr;
}

/** A target of `for` or `set`: a name, an attribute of a namespace, or a tuple of targets. */
export type Target = { kind: 'name'; name: string } | { kind: 'tuple'; items: Target[] } | { kind: 'nsattr'; name: string; attr: string };

export type Stmt =
  | { kind: 'output'; text: string }
  | { kind: 'print'; expr: Expr; line: number }
  | { kind: 'if'; branches: { test: Expr; body: Stmt[] }[]; otherwise: Stmt[] }
  | { kind: 'for'; target: Target; iter: Expr; filter?: Expr; body: Stmt[]; otherwise: Stmt[]; recursive: boolean; line: number }
  | { kind: 'set'; target: Target; value: Expr }
  | { kind: 'setblock'; target: Target; body: Stmt[]; filters: { name: string; args: Args; line: number }[] }
  | { kind: 'macro'; name: string; params: Param[]; body: Stmt[] }
  | { kind: 'callblock'; call: Expr; params: Param[]; body: Stmt[] }
  | { kind: 'filterblock'; filters: { name: string; args: Args; line: number }[]; body: Stmt[] }
  | { kind: 'with'; assignments: [Target, Expr][]; body: Stmt[] };

export interface Param {
  name: string;
  default?: Expr;
}
