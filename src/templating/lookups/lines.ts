/** ansible.builtin.lines: each line of a shell command's output on the controller is an item. */
import { runShell } from './shell.js';
import { str } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const lines: Lookup = {
  run(terms, _options, context) {
    return terms.flatMap((term) => {
      const command = str(term);
      const { stdout, code } = runShell(command, context.basedir);
      if (code !== 0) throw new LookupError(`lookup_plugin.lines(${command}) returned ${code}`);
      // Python's bytes.splitlines: \n, \r\n and \r end lines; a last line end adds no empty line
      const text = stdout.toString('utf8');
      return text === '' ? [] : text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/);
    });
  },
};
