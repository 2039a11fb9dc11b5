/**
 * The template module as Ansible's template action runs it: the file is rendered on the
 * controller with its own environment (trim_blocks, lstrip_blocks, newline_sequence), the
 * template variables (ansible_managed, template_path, ...) and the newlines it ends with kept,
 * then put on the host as copy does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import type { Vars } from '../inventory/vars.js';
import type { LexerSettings } from '../templating/jinja2/lexer.js';
import { TemplateError, UndefinedVariableError } from '../templating/jinja.js';
import { findLocalFile, putContent } from './files.js';
import { ModuleArgumentError, requireArg, type ModuleDef } from './types.js';

/** Options of the template module that only shape rendering: not passed on to the copy. */
const RENDER_OPTIONS = ['trim_blocks', 'lstrip_blocks', 'newline_sequence', 'output_encoding'];
const DELIMITERS = ['variable_start_string', 'variable_end_string', 'block_start_string', 'block_end_string', 'comment_start_string', 'comment_end_string'];

/** newline_sequence as written in YAML: the character itself, or its escaped form (`'\n'`). */
function newlineSequence(value: unknown): LexerSettings['newlineSequence'] {
  const given = value === undefined ? '\n' : String(value);
  const unescaped = ({ '\\n': '\n', '\\r': '\r', '\\r\\n': '\r\n' } as Record<string, string>)[given] ?? given;
  if (unescaped !== '\n' && unescaped !== '\r' && unescaped !== '\r\n') throw new ModuleArgumentError('newline_sequence needs to be one of: \n, \r or \r\n');
  return unescaped;
}

/** The variables Ansible's template action adds (generate_ansible_template_vars), but for the dates. */
function templateVars(src: string, file: string, dest: string): Vars {
  const uid = fs.statSync(file).uid;
  const owner = userName(uid) ?? String(uid);
  return { template_host: os.hostname(), template_path: src, template_fullpath: file, template_destpath: dest, template_uid: owner, ansible_managed: 'Ansible managed' };
}

/** The name of a user id, from /etc/passwd (as Python's pwd.getpwuid on a usual system). */
function userName(uid: number): string | undefined {
  try {
    return fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':')).find((fields) => fields[2] === String(uid))?.[0];
  } catch {
    return undefined;
  }
}

export const template: ModuleDef = {
  async run(args, context) {
    const given = DELIMITERS.find((name) => args[name] !== undefined);
    if (given) throw new ModuleArgumentError(`template: ${given} is not supported by deployer (templates use Jinja2's default delimiters)`);
    if (args.state !== undefined) return { failed: true, msg: "'state' cannot be specified on a template" };
    const src = String(requireArg(args, 'src', 'template'));
    const dest = String(requireArg(args, 'dest', 'template'));
    const lexer: LexerSettings = {
      trimBlocks: ansibleBoolean(args.trim_blocks ?? true),
      lstripBlocks: ansibleBoolean(args.lstrip_blocks ?? false),
      newlineSequence: newlineSequence(args.newline_sequence),
    };
    const file = findLocalFile(context, 'templates', src);
    let rendered: string;
    try {
      rendered = context.render(fs.readFileSync(file, 'utf8'), { lexer, vars: templateVars(src, file, dest) });
    } catch (error) {
      // name the template: the task's own place does not say which file failed
      if (error instanceof TemplateError || error instanceof UndefinedVariableError) throw new TemplateError(`${file}: ${error.message}`);
      throw error;
    }
    const copyArgs = Object.fromEntries(Object.entries(args).filter(([key]) => !RENDER_OPTIONS.includes(key)));
    return putContent(context, Buffer.from(rendered), copyArgs, src, path.resolve(file));
  },
};
