// Type stubs for the parts of nunjucks' compiler and runtime that deployer extends.
declare module 'nunjucks/src/compiler.js' {
  export const Compiler: { prototype: Record<string, unknown> };
}
declare module 'nunjucks/src/runtime.js' {
  const runtime: Record<string, unknown>;
  export default runtime;
}
declare module 'nunjucks/src/parser.js' {
  export const Parser: { prototype: Record<string, unknown> };
}
declare module 'nunjucks/src/lexer.js' {
  const lexer: Record<string, string>;
  export default lexer;
}
declare module 'nunjucks/src/nodes.js' {
  const nodes: Record<string, new (...args: unknown[]) => unknown>;
  export default nodes;
}
