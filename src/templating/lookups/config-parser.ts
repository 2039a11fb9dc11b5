/**
 * INI text read as Python's configparser.ConfigParser reads it (the ini lookup's parser):
 * `[section]` headers, `key = value` or `key: value`, indented continuation lines, `#`/`;`
 * comment lines, a DEFAULT section every section sees, keys lowercased unless case-sensitive,
 * duplicates refused, and `%(key)s` / `%%` interpolation when a value is read.
 */
import { repr } from '../jinja2/values.js';
import { LookupError } from './types.js';

const SOURCE = "'<???>'";
const configError = (pythonClass: string, message: string) => new LookupError(message, `configparser.${pythonClass}`);
const lineTag = (line: number) => ` [line ${String(line).padStart(2)}]`;

type Section = Map<string, string[] | string | null>;

export class NoSectionError extends LookupError {}

export class ConfigParser {
  private readonly defaults: Section = new Map();
  private readonly sections = new Map<string, Section>();

  constructor(private readonly options: { allowNoValue: boolean; caseSensitive: boolean }) {}

  private optionName(name: string): string {
    return this.options.caseSensitive ? name : name.toLowerCase();
  }

  read(text: string): void {
    const added = new Set<string>();
    const errors: string[] = [];
    let current: Section | undefined;
    let sectionName = '';
    let option: string | undefined;
    let indent = Number.MAX_SAFE_INTEGER;
    const optionLine = this.options.allowNoValue ? /^(.*?)\s*(?:(=|:)\s*(.*))?$/s : /^(.*?)\s*(=|:)\s*(.*)$/s;
    const lines = text.split(/(?<=\n)/);
    lines.forEach((line, index) => {
      const lineno = index + 1;
      const stripped = line.trim();
      const comment = stripped.startsWith('#') || stripped.startsWith(';');
      const value = comment ? '' : stripped;
      if (!value) {
        // blank lines belong to a multi-line value (trailing ones are dropped when joined)
        const held = option === undefined ? undefined : current?.get(option);
        if (!comment && Array.isArray(held)) held.push('');
        return;
      }
      const lineIndent = line.search(/\S/);
      const held = option === undefined ? undefined : current?.get(option);
      if (current && option !== undefined && lineIndent > indent) {
        if (Array.isArray(held)) held.push(value);
        return;
      }
      indent = lineIndent;
      const header = /^\[(.+)\]/.exec(value);
      if (header) {
        sectionName = header[1];
        if (this.sections.has(sectionName)) {
          if (added.has(sectionName)) throw configError('DuplicateSectionError', `While reading from ${SOURCE}${lineTag(lineno)}: section ${repr(sectionName)} already exists`);
          current = this.sections.get(sectionName);
        } else if (sectionName === 'DEFAULT') current = this.defaults;
        else {
          current = new Map();
          this.sections.set(sectionName, current);
        }
        added.add(sectionName);
        option = undefined;
        return;
      }
      if (!current) throw configError('MissingSectionHeaderError', `File contains no section headers.\nfile: ${SOURCE}, line: ${lineno}\n${repr(line)}`);
      const m = optionLine.exec(value);
      if (!m || !m[1]) {
        errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${repr(line)}`);
        return;
      }
      option = this.optionName(m[1].trimEnd());
      const key = `${sectionName}\0${option}`;
      if (added.has(key)) throw configError('DuplicateOptionError', `While reading from ${SOURCE}${lineTag(lineno)}: option ${repr(option)} in section ${repr(sectionName)} already exists`);
      added.add(key);
      current.set(option, m[2] === undefined ? null : [m[3].trim()]);
    });
    for (const section of [this.defaults, ...this.sections.values()]) {
      for (const [key, held] of section) if (Array.isArray(held)) section.set(key, held.join('\n').trimEnd());
    }
    if (errors.length) throw configError('ParsingError', `Source contains parsing errors: ${SOURCE}${errors.join('')}`);
  }

  /** The options of a section with the defaults under them. */
  private merged(section: string): Map<string, string | null> {
    const own = this.sections.get(section);
    if (!own && section !== 'DEFAULT') throw new NoSectionError(`No section: ${repr(section)}`, 'configparser.NoSectionError');
    return new Map([...this.defaults, ...(own ?? [])]) as Map<string, string | null>;
  }

  /** A value (interpolated), or undefined when the section has no such option. */
  get(section: string, option: string): string | null | undefined {
    const values = this.merged(section);
    const name = this.optionName(option);
    if (!values.has(name)) return undefined;
    const value = values.get(name)!;
    return value === null ? null : interpolate(value, name, section, values, 1);
  }

  items(section: string): [string, string][] {
    const values = this.merged(section);
    return [...values.keys()].map((name) => [name, interpolate(values.get(name) ?? '', name, section, values, 1)]);
  }
}

/** BasicInterpolation: `%(name)s` is another option's value, `%%` a percent sign. */
function interpolate(value: string, option: string, section: string, values: Map<string, string | null>, depth: number): string {
  if (depth > 10) throw configError('InterpolationDepthError', `Recursion limit exceeded in value substitution: option ${repr(option)} in section ${repr(section)} contains an interpolation key which cannot be substituted in 10 steps. Raw value: ${repr(value)}`);
  let out = '';
  let rest = value;
  while (rest) {
    const p = rest.indexOf('%');
    if (p < 0) return out + rest;
    out += rest.slice(0, p);
    rest = rest.slice(p);
    const next = rest[1];
    if (next === '%') {
      out += '%';
      rest = rest.slice(2);
    } else if (next === '(') {
      const m = /^%\(([^)]+)\)s/.exec(rest);
      if (!m) throw configError('InterpolationSyntaxError', `bad interpolation variable reference ${repr(rest)}`);
      const name = m[1].toLowerCase();
      rest = rest.slice(m[0].length);
      const found = values.get(name);
      if (found === undefined) {
        throw configError('InterpolationMissingOptionError', `Bad value substitution: option ${repr(option)} in section ${repr(section)} contains an interpolation key ${repr(name)} which is not a valid option name. Raw value: ${repr(value)}`);
      }
      out += found !== null && found.includes('%') ? interpolate(found, option, section, values, depth + 1) : (found ?? '');
    } else throw configError('InterpolationSyntaxError', `'%' must be followed by '%' or '(', found: ${repr(rest)}`);
  }
  return out;
}
