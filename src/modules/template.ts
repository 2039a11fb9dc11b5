/**
 * The template module as Ansible's template action runs it: the file is rendered on the
 * controller with its own environment (trim_blocks, lstrip_blocks, newline_sequence), the
 * template variables (ansible_managed, template_path, ...) and the newlines it ends with kept,
 * a first `#jinja2:` line's overrides applied, then put on the host as copy does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import type { Vars } from '../inventory/vars.js';
import type { LexerSettings } from '../templating/jinja2/lexer.js';
import { TemplateError, UndefinedVariableError } from '../templating/jinja.js';
import { ansibleTemplateVars } from '../templating/template-vars.js';
import { findLocalFile, putContent } from './files.js';
import { withPreservedMode } from './preserved-mode.js';
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

const OVERRIDE = '#jinja2:';

/** A Python literal as ast.literal_eval reads the values of a `#jinja2:` line: a quoted string, True/False/None, a number. */
function pythonLiteral(text: string, file: string): unknown {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2];
  if (text === 'True' || text === 'False') return text === 'True';
  if (text === 'None') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new ModuleArgumentError(`${file}: malformed value in the #jinja2: line: ${text}`);
}

/**
 * A template whose first line is `#jinja2: trim_blocks: False, lstrip_blocks: True` sets those
 * options of its environment, and that line is not part of the output (Ansible's templar). Values
 * are Python literals and count by their truth, as Ansible sets them on the environment
 * (`"false"`, a non-empty string, is true).
 */
function withOverrides(text: string, lexer: LexerSettings, file: string): string {
  if (!text.startsWith(OVERRIDE)) return text;
  const eol = text.indexOf('\n');
  const line = text.slice(OVERRIDE.length, eol < 0 ? undefined : eol);
  for (const pair of line.split(',')) {
    if (!pair.includes(':')) throw new ModuleArgumentError(`failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`);
    const key = pair.slice(0, pair.indexOf(':')).trim();
    const value = pythonLiteral(pair.slice(pair.indexOf(':') + 1).trim(), file);
    if (key === 'trim_blocks') lexer.trimBlocks = Boolean(value);
    else if (key === 'lstrip_blocks') lexer.lstripBlocks = Boolean(value);
    else if (key === 'newline_sequence') lexer.newlineSequence = newlineSequence(value);
    else if (DELIMITERS.includes(key)) throw new ModuleArgumentError(`${file}: #jinja2: ${key} is not supported by deployer (templates use Jinja2's default delimiters)`);
  }
  return eol < 0 ? '' : text.slice(eol + 1);
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
    const text = withOverrides(fs.readFileSync(file, 'utf8'), lexer, file);
    let rendered: string;
    try {
      rendered = context.render(text, { lexer, vars: ansibleTemplateVars(src, file, dest) });
    } catch (error) {
      // name the template: the task's own place does not say which file failed
      if (error instanceof TemplateError || error instanceof UndefinedVariableError) throw new TemplateError(`${file}: ${error.message}`);
      throw error;
    }
    const copyArgs = Object.fromEntries(Object.entries(args).filter(([key]) => !RENDER_OPTIONS.includes(key)));
    return putContent(context, Buffer.from(rendered), withPreservedMode(copyArgs, file), src, path.resolve(file));
  },
};
