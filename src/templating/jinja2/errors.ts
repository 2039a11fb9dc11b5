/** The errors a template can raise, with the class Jinja2 (and Python under it) would raise. */
import { DeployerError } from '../../errors.js';

export class TemplateError extends DeployerError {}

/** An Ansible filter's own failure (AnsibleFilterError): its message is reported as it is, where the template was. */
export class FilterError extends TemplateError {}

/** The template's text cannot be parsed: `template error while templating ...: <detail> (line N)`. */
export class TemplateSyntaxError extends TemplateError {
  constructor(
    readonly detail: string,
    readonly line: number,
  ) {
    super(`${detail}. line ${line}`);
  }
}

/** What Python raises while evaluating: TypeError, ValueError, ZeroDivisionError, KeyError... */
export class PythonError extends TemplateError {
  constructor(
    readonly pythonType: string,
    detail: string,
  ) {
    super(detail);
  }
}

export const typeError = (detail: string) => new PythonError('TypeError', detail);
export const valueError = (detail: string) => new PythonError('ValueError', detail);

/** A variable (or attribute) that does not exist was used where a value is needed. */
export class UndefinedVariableError extends DeployerError {
  constructor(
    readonly variable: string,
    message = `'${variable}' is undefined`,
  ) {
    super(message);
  }
}
