/** ansible.builtin.pipe: the output of a shell command on the controller, trailing white space removed. */
import { runShell } from './shell.js';
import { str } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const pipe: Lookup = {
  run(terms, _options, context) {
    return terms.map((term) => {
      const command = str(term);
      const { stdout, code } = runShell(command, context.basedir);
      if (code !== 0) throw new LookupError(`lookup_plugin.pipe(${command}) returned ${code}`);
      return stdout.toString('utf8').trimEnd();
    });
  },
};
