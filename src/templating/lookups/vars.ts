/** ansible.builtin.vars: the values of variables named by the terms (or of the host's hostvars), templated; `default` for those not defined. */
import { getItem } from '../jinja2/runtime.js';
import { UndefinedVariableError } from '../jinja2/errors.js';
import { isUndefined } from '../jinja2/values.js';
import { BrokenVariable } from '../jinja.js';
import { LookupError, type Lookup, type LookupContext } from './types.js';

function valueOf(name: string, context: LookupContext): unknown {
  const vars = context.variables;
  if (name in vars) return vars[name];
  const hostvars = vars.hostvars;
  if (hostvars !== undefined && vars.inventory_hostname !== undefined) {
    const value = getItem(getItem(hostvars, vars.inventory_hostname), name);
    if (!isUndefined(value)) return value;
  }
  throw new UndefinedVariableError(name, `No variable found with this name: ${name}`);
}

export const vars: Lookup = {
  run(terms, options, context) {
    const fallback = options.default ?? null;
    return terms.map((term) => {
      if (typeof term !== 'string') throw new LookupError(`Invalid setting identifier, "${String(term)}" is not a string, its a <class '${typeof term}'>`);
      try {
        const value = valueOf(term, context);
        if (value instanceof BrokenVariable) throw value.error;
        return context.template(value);
      } catch (error) {
        if (error instanceof UndefinedVariableError && fallback !== null) return fallback;
        throw error;
      }
    });
  },
};
