// Type stubs for the parts of nunjucks' compiler and runtime that deployer extends.
declare module 'nunjucks/src/compiler.js' {
  export const Compiler: { prototype: Record<string, unknown> };
}
declare module 'nunjucks/src/runtime.js' {
  const runtime: Record<string, unknown>;
  export default runtime;
}
