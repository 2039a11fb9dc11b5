/**
 * validate_argument_spec, as the task Ansible puts first in a role with meta/argument_specs.yml:
 * the role's parameters, and the variables named in the spec, checked against it (required,
 * type with Ansible's conversions, choices). Specs using anything else are refused when loaded.
 */
import { templateValue } from '../templating/expressions.js';
import { str, typeName } from '../templating/jinja2/values.js';
import { isMapping, type Vars } from '../inventory/vars.js';
import type { ModuleDef } from './types.js';

/** What an option of a spec may say that deployer checks (description and the like only document it). */
export const SUPPORTED_OPTION_KEYS = new Set(['type', 'required', 'default', 'choices', 'description', 'version_added', 'aliases_note', 'no_log']);

const BOOLEANS_TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't', '1.0']);
const BOOLEANS_FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f', '0.0']);

class Unconvertible extends Error {}

const pyType = (value: unknown) => `<class '${typeName(value)}'>`;

/** Ansible's check_type_* conversions (module_utils/common/validation.py). */
function convert(type: string, value: unknown): unknown {
  switch (type) {
    case 'str':
      return typeof value === 'string' ? value : str(value);
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
      throw new Unconvertible(`${pyType(value)} cannot be converted to an int`);
    case 'float':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      throw new Unconvertible(`${pyType(value)} cannot be converted to a float`);
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const text = typeof value === 'string' ? value.toLowerCase() : typeof value === 'number' ? String(value) : undefined;
      if (text !== undefined && BOOLEANS_TRUE.has(text)) return true;
      if (text !== undefined && BOOLEANS_FALSE.has(text)) return false;
      throw new Unconvertible(`${pyType(value)} cannot be converted to a bool`);
    }
    case 'list':
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') return value.split(',');
      if (typeof value === 'number') return [str(value)];
      throw new Unconvertible(`${pyType(value)} cannot be converted to a list`);
    case 'dict':
      if (isMapping(value)) return value;
      throw new Unconvertible(`${pyType(value)} cannot be converted to a dict`);
    case 'path':
    case 'raw':
      return value;
    default:
      throw new Unconvertible(`type '${type}' is not checked by deployer`);
  }
}

/** The error messages of Ansible's ArgumentSpecValidator for these values. */
export function argumentErrors(spec: Record<string, Vars>, values: Vars): string[] {
  const errors: string[] = [];
  const missing = Object.keys(spec).filter((name) => spec[name].required === true && (values[name] === undefined || values[name] === null));
  if (missing.length) errors.push(`missing required arguments: ${missing.sort().join(', ')}`);
  for (const [name, option] of Object.entries(spec)) {
    let value = values[name] ?? option.default;
    if (value === undefined || value === null) continue;
    const type = String(option.type ?? 'str');
    try {
      value = convert(type, value);
    } catch (error) {
      if (!(error instanceof Unconvertible)) throw error;
      errors.push(`argument '${name}' is of type ${pyType(value)} and we were unable to convert to ${type}: ${error.message}`);
      continue;
    }
    if (Array.isArray(option.choices) && !option.choices.some((choice) => str(choice) === str(value))) {
      errors.push(`value of ${name} must be one of: ${option.choices.map(str).join(', ')}, got: ${str(value)}`);
    }
  }
  return errors;
}

export const validateArgumentSpec: ModuleDef = {
  async run(args, context) {
    const spec = (isMapping(args.argument_spec) ? args.argument_spec : {}) as Record<string, Vars>;
    const provided = isMapping(args.provided_arguments) ? args.provided_arguments : {};
    // the spec's arguments that are variables of the task count too, the role's parameters over them
    const fromVars = Object.fromEntries(Object.keys(spec).filter((name) => name in context.vars).map((name) => [name, templateValue(context.vars[name], context.vars)]));
    const errors = argumentErrors(spec, { ...fromVars, ...provided });
    const base = { validate_args_context: args.validate_args_context ?? {} };
    if (errors.length) return { ...base, changed: false, failed: true, msg: `Validation of arguments failed:\n${errors.join('\n')}`, argument_spec_data: spec, argument_errors: errors };
    return { ...base, changed: false, msg: 'The arg spec validation passed' };
  },
};
