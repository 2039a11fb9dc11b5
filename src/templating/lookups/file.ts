/** ansible.builtin.file: the text of files found in the task's search path (`files/` first), right-stripped by default. */
import fs from 'node:fs';
import { boolOption } from './options.js';
import { findFile } from './search-path.js';
import { str } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const file: Lookup = {
  run(terms, options, context) {
    const lstrip = boolOption(options, 'lstrip', false);
    const rstrip = boolOption(options, 'rstrip', true);
    return terms.map((term) => {
      const found = findFile(context, 'files', str(term));
      if (!found) throw new LookupError(`could not locate file in lookup: ${str(term)}`);
      let contents = fs.readFileSync(found, 'utf8');
      if (lstrip) contents = contents.trimStart();
      if (rstrip) contents = contents.trimEnd();
      return contents;
    });
  },
};
