/** slurp's failure messages, one per errno of Python's open() as Ansible's module words them. */
import { slurpFailure } from '../../src/modules/slurp.js';

describe("slurp's message for base64's error", () => {
  it.each<[string, string, string]>([
    ['/tmp/nope', 'base64: /tmp/nope: No such file or directory\n', 'file not found: /tmp/nope'],
    ['/root/secret', 'base64: /root/secret: Permission denied\n', 'file is not readable: /root/secret'],
    ['/tmp/d', 'base64: read error: Is a directory\n', 'source is a directory and must be a file: /tmp/d'],
    ['/tmp/f/x', 'base64: /tmp/f/x: Not a directory\n', "unable to slurp file: [Errno 20] Not a directory: '/tmp/f/x'"],
    ["/tmp/f/it's", "base64: /tmp/f/it's: Not a directory\n", `unable to slurp file: [Errno 20] Not a directory: "/tmp/f/it's"`],
  ])('%s: %j', (source, stderr, expected) => {
    expect(slurpFailure(source, stderr)).toBe(expected);
  });
});
