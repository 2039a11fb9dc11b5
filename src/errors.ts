/**
 * User-facing errors. Every error a user can cause (bad inventory, bad options, missing file)
 * is a DeployerError: the CLI prints its message alone, without a stack trace.
 */
const brand = Symbol.for('deployer.error');

export interface SourceLocation {
  file: string;
  line?: number;
}

export class DeployerError extends Error {
  readonly [brand] = true;
  /** Exit code the CLI uses when this error ends a command (Ansible uses 1 for generic errors, 5 for options). */
  exitCode = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
Object.defineProperty(DeployerError.prototype, 'name', { value: 'DeployerError', enumerable: false });

/** A parse error that names the file and line, as `file:line: what was expected`. */
export class ParseError extends DeployerError {
  constructor(
    readonly location: SourceLocation,
    readonly detail: string,
  ) {
    super(location.line === undefined ? `${location.file}: ${detail}` : `${location.file}:${location.line}: ${detail}`);
  }
}
Object.defineProperty(ParseError.prototype, 'name', { value: 'ParseError', enumerable: false });

export class OptionsError extends DeployerError {
  override exitCode = 5;
}
Object.defineProperty(OptionsError.prototype, 'name', { value: 'OptionsError', enumerable: false });

export function isDeployerError(value: unknown): value is DeployerError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
