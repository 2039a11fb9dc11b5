/**
 * A role's argument specs (meta/argument_specs.yml, else `argument_specs` in meta/main.yml):
 * as Ansible, the spec of the role's entry point becomes a first task, tagged `always`, that
 * validates the role's parameters ("Validating arguments against arg spec 'main' - ...").
 */
import fs from 'node:fs';
import path from 'node:path';
import { ParseError } from '../errors.js';
import { readUserText } from '../formats/read-file.js';
import { loadDataFile } from '../formats/yaml.js';
import { isMapping, type Vars } from '../inventory/vars.js';
import { SUPPORTED_OPTION_KEYS } from '../modules/validate-argument-spec.js';
import type { TaskDef, TaskRole } from './model.js';

function roleSpecs(rolePath: string, meta: Vars): { specs: Vars; file: string } {
  for (const ext of ['.yml', '.yaml', '.json', '']) {
    const file = path.join(rolePath, 'meta', `argument_specs${ext}`);
    if (!fs.existsSync(file)) continue;
    const { data } = loadDataFile(readUserText(file, 'Argument specs file'), file);
    return { specs: isMapping(data) && isMapping(data.argument_specs) ? data.argument_specs : {}, file };
  }
  return { specs: isMapping(meta.argument_specs) ? meta.argument_specs : {}, file: path.join(rolePath, 'meta', 'main.yml') };
}

/** The validation task for this entry point of the role, if its spec has one. */
export function validationTask(role: TaskRole, meta: Vars, entryPoint: string, params: Vars): TaskDef | undefined {
  const { specs, file } = roleSpecs(role.path, meta);
  const spec = specs[entryPoint];
  if (!isMapping(spec)) return undefined;
  const options = isMapping(spec.options) ? spec.options : {};
  for (const [name, option] of Object.entries(options)) {
    const unsupported = isMapping(option) ? Object.keys(option).find((key) => !SUPPORTED_OPTION_KEYS.has(key)) : undefined;
    if (unsupported) throw new ParseError({ file }, `argument spec '${entryPoint}', option '${name}': '${unsupported}' is not checked by deployer (it checks type, required, default and choices)`);
  }
  return {
    kind: 'task',
    name: `Validating arguments against arg spec '${entryPoint}'${spec.short_description === undefined ? '' : ` - ${String(spec.short_description)}`}`,
    module: 'validate_argument_spec',
    action: 'ansible.builtin.validate_argument_spec',
    args: { argument_spec: options, provided_arguments: params, validate_args_context: { type: 'role', name: role.name, argument_spec_name: entryPoint, path: role.path } },
    tags: ['always'],
    when: [],
    vars: {},
    notify: [],
    listen: [],
    origin: { file },
    role,
  };
}
