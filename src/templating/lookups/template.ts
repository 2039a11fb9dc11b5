/**
 * ansible.builtin.template: template files (found in `templates/` of the search path) rendered
 * with the task's variables, the `template_*` variables and `template_vars`; the text is read
 * back as data (a list, a dict) unless `convert_data=False`.
 */
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { isMapping } from '../../inventory/vars.js';
import { boolOption } from './options.js';
import { findFile } from './search-path.js';
import { str } from './terms.js';
import { LookupError, type Lookup } from './types.js';

/** Python's str() of a datetime: `2024-05-01 12:30:00.123456`. */
function pythonDatetime(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}`;
}

function ownerName(uid: number): string {
  try {
    return execFileSync('id', ['-nu', String(uid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || String(uid);
  } catch {
    return String(uid);
  }
}

/** The variables Ansible adds for a template (generate_ansible_template_vars). */
function templateVars(term: string, file: string): Record<string, unknown> {
  const stat = fs.statSync(file);
  return {
    template_host: os.hostname(),
    template_path: term,
    template_mtime: pythonDatetime(stat.mtime),
    template_uid: ownerName(stat.uid),
    template_run_date: pythonDatetime(new Date()),
    template_destpath: null,
    template_fullpath: file,
    ansible_managed: 'Ansible managed',
  };
}

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
      const vars = { ...context.variables, ...templateVars(name, found), ...extra };
      return context.renderFile(fs.readFileSync(found, 'utf8'), vars, { convertData });
    });
  },
};
