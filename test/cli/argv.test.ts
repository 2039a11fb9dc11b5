/** The spellings users already type, normalised to deployer's commands. */
import { normalizeArgv } from '../../src/cli/main.js';

describe('normalizeArgv', () => {
  it.each<[string[], string[]]>([
    [['--ssh', 'kafka_servers', 'df -h /data'], ['ssh', 'kafka_servers', 'df -h /data']],
    [['-i', 'inv', '--ssh', 'g', 'cmd', '-u', 'vagrant'], ['ssh', '-i', 'inv', 'g', 'cmd', '-u', 'vagrant']],
    [['all', '-m', 'shell', '-a', 'uptime'], ['adhoc', 'all', '-m', 'shell', '-a', 'uptime']],
    [['-i', 'inv', 'web', '-a', 'uptime'], ['adhoc', '-i', 'inv', 'web', '-a', 'uptime']],
    [['web', '-mshell', '-auptime'], ['adhoc', 'web', '-mshell', '-auptime']],
    [['inventory', '--list'], ['inventory', '--list']],
    [['ssh', 'all', 'echo -a'], ['ssh', 'all', 'echo -a']],
    [['inventroy', '--list'], ['inventroy', '--list']],
  ])('%j → %j', (argv, expected) => {
    expect(normalizeArgv(argv)).toEqual(expected);
  });
});
