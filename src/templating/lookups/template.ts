/**
 * ansible.builtin.template: template files (found in `templates/` of the search path) rendered
 * with the task's variables, the `template_*` variables and `template_vars`; the text is read
 * back as data (a list, a dict) unless `convert_data=False`.
 */
import fs from 'node:fs';
import { isMapping } from '../../inventory/vars.js';
import { ansibleTemplateVars } from '../template-vars.js';
import { boolOption } from './options.js';
import { findFile } from './search-path.js';
import { str } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const template: Lookup = {
  run(terms, options, context) {
    const convertData = boolOption(options, 'convert_data', true);
    const extra = options.template_vars ?? {};
    if (!isMapping(extra)) throw new LookupError(`Invalid type for configuration option template_vars: ${str(extra)}`);
    for (const unsupported of ['variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string', 'jinja2_native']) {
      if (options[unsupported] !== undefined) throw new LookupError(`the template lookup's ${unsupported} option is not supported by deployer`);
    }
    return terms.map((term) => {
      const name = str(term);
      const found = findFile(context, 'templates', name);
      if (!found) throw new LookupError(`the template file ${name} could not be found for the lookup`);
      const vars = { ...context.variables, ...ansibleTemplateVars(name, found), ...extra };
      return context.renderFile(fs.readFileSync(found, 'utf8'), vars, { convertData });
    });
  },
};
