/**
 * ansible.builtin.ini: values of keys in a section of an INI file (or a Java properties file)
 * found in the search path (`files/` first); `re=True` takes the key as a regular expression;
 * options as keyword arguments or written after the key (`user section=db file=app.ini`).
 */
import fs from 'node:fs';
import { truthy } from '../jinja2/values.js';
import { ConfigParser, NoSectionError } from './config-parser.js';
import { boolOption } from './options.js';
import { findFile } from './search-path.js';
import { str } from './terms.js';
import { badOptions, LookupError, lookupFailed, type Lookup } from './types.js';

const DEFAULTS = { type: 'ini', file: 'ansible.ini', section: 'global', re: false, encoding: 'utf-8', default: '', case_sensitive: false, allow_no_value: false };

/** Ansible's _parse_params: the words of a term, an option's value running on over following words without `=`. */
function splitParams(term: string, names: string[]): string[] {
  const params = new Map<string, string>();
  const keys: string[] = [];
  let current = 'key';
  term.trim().split(/\s+/).forEach((phrase, index) => {
    if (phrase.includes('=')) for (const name of names) if (phrase.includes(`${name}=`)) current = name;
    if (index === 0 || !params.get(current)) {
      params.set(current, phrase);
      keys.push(current);
    } else params.set(current, `${params.get(current)} ${phrase}`);
  });
  return keys.map((k) => params.get(k)!);
}

export const ini: Lookup = {
  run(terms, options, context) {
    const params: Record<string, unknown> = { ...DEFAULTS, ...options, re: boolOption(options, 're', false) };
    if (options.allow_none !== undefined && options.allow_no_value === undefined) params.allow_no_value = options.allow_none;
    const parser = new ConfigParser({ allowNoValue: boolOption(params, 'allow_no_value', false), caseSensitive: boolOption(params, 'case_sensitive', false) });
    const values: unknown[] = [];
    for (const rawTerm of terms) {
      const term = str(rawTerm);
      let key = term;
      if (term.includes('=') || term.trim().includes(' ')) {
        let keyFound = false;
        for (const param of splitParams(term, Object.keys(params))) {
          if (param.includes('=')) {
            const parts = param.split('=');
            if (parts.length !== 2) throw lookupFailed(`Could not use '${param}' from '${str(splitParams(term, Object.keys(params)))}': too many values to unpack (expected 2)`);
            if (!(parts[0] in params)) throw lookupFailed(`${parts[0]} is not a valid option.`);
            params[parts[0]] = parts[1];
          } else if (key === term) {
            key = param;
            keyFound = true;
          }
        }
        if (!keyFound) throw badOptions(`No key to lookup was provided as first term with in string inline options: ${term}`);
      }
      const file = findFile(context, 'files', str(params.file));
      if (file === undefined) throw new LookupError("Invalid filename: 'None'", 'ansible.errors.AnsibleParserError');
      let text = new TextDecoder(str(params.encoding)).decode(fs.readFileSync(file));
      if (params.type === 'properties') {
        text = `[java_properties]\n${text}`;
        params.section = 'java_properties';
      }
      try {
        parser.read(text);
      } catch (error) {
        if (error instanceof LookupError && error.pythonClass === 'configparser.DuplicateOptionError') throw lookupFailed(`Duplicate option in '${str(params.file)}': ${error.message}`);
        throw error;
      }
      const section = str(params.section);
      try {
        // an inline `re=False` is the text 'False', which Python takes as true, as Ansible does
        if (truthy(params.re)) {
          const pattern = new RegExp(key, 'y');
          values.push(...parser.items(section).filter(([name]) => ((pattern.lastIndex = 0), pattern.test(name))).map(([, value]) => value));
        } else {
          const found = parser.get(section, key);
          const value = found === undefined ? params.default : found;
          if (value !== null && value !== undefined) values.push(value);
        }
      } catch (error) {
        if (error instanceof NoSectionError) throw lookupFailed(`No section '${section}' in ${str(params.file)}`);
        throw error;
      }
    }
    return values;
  },
};
