/** Errors of tasks and includes: where they are, and includes that would never end. */
import path from 'node:path';
import { DeployerError } from '../../errors.js';
import type { Origin } from '../../playbook/model.js';
import type { ModuleResult } from '../../modules/types.js';
import { TemplateError, UndefinedVariableError } from '../../templating/jinja.js';
import { PythonError } from '../../templating/jinja2/errors.js';
import { repr } from '../../templating/jinja2/values.js';

/** A task's error as the host's failure message: template errors say where the task is, as Ansible's do. */
export function withPlace(error: unknown, origin: Origin | undefined): string {
  const message = (error as Error).message;
  if (!origin || !(error instanceof TemplateError || error instanceof UndefinedVariableError)) return message;
  return `${message}\n\nThe error appears to be in '${origin.file}'${origin.line === undefined ? '' : `: line ${origin.line}`}`;
}

/**
 * A failure while templating the task's arguments, as Ansible's task executor reports it. Its
 * templar lets through what Python raises as a template runs (ZeroDivisionError, KeyError...),
 * but for TypeError, which it words itself: the task then fails with Python's traceback, no msg.
 * A ValueError (a date that to_datetime cannot read) is the task's post_validate failing: the
 * field 'args' has an invalid value.
 */
export function argumentsFailure(error: unknown, args: unknown, origin: Origin): ModuleResult | undefined {
  const python = error instanceof PythonError ? error : error instanceof TemplateError && error.cause instanceof PythonError ? error.cause : undefined;
  if (!python || python.pythonType === 'TypeError') return undefined;
  if (python.pythonType === 'ValueError') {
    const message = `the field 'args' has an invalid value (${repr(args)}), and could not be converted to an dict.The error was: ${python.message}`;
    return { failed: true, msg: `${message}\n\nThe error appears to be in '${origin.file}'${origin.line === undefined ? '' : `: line ${origin.line}`}` };
  }
  const traceback = `Traceback (most recent call last):\n  File "<template>", line 1, in root\n${python.pythonType}: ${python.message}\n`;
  return { changed: false, failed: true, exception: traceback };
}

/** include_tasks nested deeper than this is taken for an endless loop (Ansible recurses until Python's stack gives out). */
export const MAX_INCLUDE_DEPTH = 50;

/** The chain of included task files with this one added; an error naming the chain when it gets too deep. */
export function includeChain(chain: string[], file: string, origin: Origin): string[] {
  const next = [...chain, file];
  if (next.length <= MAX_INCLUDE_DEPTH) return next;
  // the shortest loop that leads back to this file, or the whole chain when none does
  const previous = chain.lastIndexOf(file);
  const loop = next.slice(Math.max(previous, 0)).map((f) => path.basename(f)).join(' -> ');
  throw new DeployerError(`${origin.file}:${origin.line ?? '?'}: include_tasks nested more than ${MAX_INCLUDE_DEPTH} deep, an include that never ends: ${loop}`);
}
