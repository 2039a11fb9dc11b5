/** The command script runs on the host: the text as written, the script's name replaced by where it was put. */
import { scriptCommand } from '../../src/modules/script.js';

describe("script's command", () => {
  it.each<[string, string, string | undefined, string]>([
    ['test.sh', 'test.sh', undefined, '/tmp/d/test.sh'],
    ["'space path/test.sh' a 'b c'", 'space path/test.sh', undefined, "'/tmp/d/test.sh' a 'b c'"],
    ['no_shebang.py', 'no_shebang.py', '/usr/bin/python3', '/usr/bin/python3 /tmp/d/no_shebang.py'],
    ['args.sh -this -Ӧther', 'args.sh', undefined, '/tmp/d/args.sh -this -Ӧther'],
  ])('%s', (text, name, executable, command) => {
    expect(scriptCommand(text, name, `/tmp/d/${name.split('/').pop()}`, executable)).toBe(command);
  });
});
