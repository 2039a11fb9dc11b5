/**
 * `-e` / `--extra-vars`, as Ansible reads them: `@file` (YAML or JSON), an inline YAML/JSON
 * document when it starts with `{` or `[`, otherwise `key=value` pairs (values are strings).
 * Several `-e` are merged in order; extra vars win over every other variable.
 */
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { readUserText } from '../formats/read-file.js';
import { loadDataFile } from '../formats/yaml.js';
import { splitPreservingQuotes } from '../modules/command.js';
import { ShlexError, shlexSplit } from '../inventory/shlex.js';
import { combineVars, isMapping, type Vars } from '../inventory/vars.js';

export function parseExtraVars(values: string[], cwd: string): Vars {
  let result: Vars = {};
  for (const value of values) {
    let data: unknown;
    if (value.startsWith('@')) {
      const file = path.resolve(cwd, value.slice(1));
      data = loadDataFile(readUserText(file, 'Extra vars file'), file).data;
      if (data === null) continue;
      if (!isMapping(data)) throw new DeployerError(`${file}: extra vars must be a dictionary`);
    } else if (value.startsWith('{') || value.startsWith('[')) {
      data = loadDataFile(value, 'extra vars').data;
      if (!isMapping(data)) throw new DeployerError(`extra vars must be a dictionary, got: ${value}`);
    } else {
      const pairs: Vars = {};
      for (const word of splitPreservingQuotes(value)) {
        const eq = word.indexOf('=');
        if (eq <= 0) throw new DeployerError(`invalid extra vars '${word}': expected key=value, @file or a YAML/JSON dictionary`);
        try {
          pairs[word.slice(0, eq)] = shlexSplit(word.slice(eq + 1), { comments: false })[0] ?? '';
        } catch (error) {
          if (!(error instanceof ShlexError)) throw error;
          throw new DeployerError(`invalid extra vars '${word}': ${error.message}`);
        }
      }
      data = pairs;
    }
    result = combineVars(result, data as Vars);
  }
  return result;
}
