/**
 * What records keep of a command line and of text: the values of -e in every spelling masked
 * (key names, file names and an inline document's keys kept), the value of any key that looks
 * secret masked anywhere, everything else as typed; masking twice changes nothing.
 */
import { isSecretKey, redactCommand, redactRecord, redactText } from '../../src/state/redact.js';

describe('redactCommand', () => {
  it.each([
    ['-e key=value', ['deploy', '-e', 'ansible_become_password=hunter2'], ['deploy', '-e', 'ansible_become_password=***']],
    ['-eX', ['deploy', '-edb_password=s3cr3t'], ['deploy', '-edb_password=***']],
    ['--extra-vars X', ['--extra-vars', 'region=eu'], ['--extra-vars', 'region=***']],
    ['--extra-vars=X', ['--extra-vars=api_token=t0k'], ['--extra-vars=api_token=***']],
    ['flags before -e in one word', ['-bKe', 'a=1', '-bea=2'], ['-bKe', 'a=***', '-bea=***']],
    ['several pairs in one -e, quoted values', ['-e', "a=1 b='two words' c=\"x y\""], ['-e', 'a=*** b=*** c=***']],
    ['a word that is no pair', ['-e', 'a=1 oops'], ['-e', 'a=*** ***']],
    ['unbalanced quotes: all of it', ['-e', "a='x b=2"], ['-e', '***']],
    ['a file keeps its name', ['-e', '@vars/prod.yml', '--extra-vars=@secrets.json'], ['-e', '@vars/prod.yml', '--extra-vars=@secrets.json']],
    ['inline JSON keeps its keys', ['-e', '{"user": "app", "db": {"password": "x"}}'], ['-e', '{"user":"***","db":"***"}']],
    ['inline YAML keeps its keys', ['-e', '{user: app, n: 3}'], ['-e', '{"user":"***","n":"***"}']],
    ['an inline document that cannot be read', ['-e', '{"user": '], ['-e', '***']],
    ['an inline list', ['-e', '[1, 2]'], ['-e', '***']],
    ['an empty -e', ['--extra-vars=', 'deploy'], ['--extra-vars=', 'deploy']],
    ['-e last, with no value', ['deploy', '-e'], ['deploy', '-e']],
    ['secret keys in other options', ['--ssh-common-args', '-o SetEnv=DB_TOKEN=t0k', '--vault_key=abc'], ['--ssh-common-args', '-o SetEnv=DB_TOKEN=***', '--vault_key=***']],
    ['everything else as typed', ['restart', 'web', '-l', 'front', '-t', 'deploy,config', '--break-lock', '-T', '30'], ['restart', 'web', '-l', 'front', '-t', 'deploy,config', '--break-lock', '-T', '30']],
    ['-t, -l and long options are not -e', ['-tweb', '-lweb1', '--yes', '--diff'], ['-tweb', '-lweb1', '--yes', '--diff']],
  ])('%s', (_, argv, kept) => {
    expect(redactCommand(argv)).toEqual(kept);
    expect(redactCommand(kept)).toEqual(kept);
  });
});

describe('redactText', () => {
  it.each([
    ['key=value', 'sudo ansible_become_password=hunter2 -S', 'sudo ansible_become_password=*** -S'],
    ['spaces around =', 'db_password = s3cr3t', 'db_password = ***'],
    ['quoted value, to its closing quote', 'API_TOKEN="a b c" next', 'API_TOKEN="***" next'],
    ['JSON', '{"db_secret": "x y", "n": 1, "ssh_key": 42}', '{"db_secret": "***", "n": 1, "ssh_key": ***}'],
    ['a Python dict', "{'passphrase': 'x'}", "{'passphrase': '***'}"],
    ['a pair inside a value', 'SetEnv=MY_TOKEN=abc', 'SetEnv=MY_TOKEN=***'],
    ['no secret key', 'user=app version=1.2.0 monkey=3', 'user=app version=1.2.0 monkey=3'],
    ['prose', 'Incorrect sudo password: try again', 'Incorrect sudo password: try again'],
    ['an empty value', 'password= ', 'password= '],
  ])('%s', (_, text, kept) => {
    expect(redactText(text)).toBe(kept);
    expect(redactText(kept)).toBe(kept);
  });
});

describe('isSecretKey', () => {
  it.each([
    ['ansible_become_password', true],
    ['DB_PASSWORD', true],
    ['client_secret', true],
    ['api_token', true],
    ['key_passphrase', true],
    ['ssh_private_key', true],
    ['keystore', false],
    ['monkey', false],
    ['key_file', false],
    ['user', false],
  ])('%s: %s', (key, secret) => expect(isSecretKey(key)).toBe(secret));
});

describe('redactRecord', () => {
  it('masks every command line and text of a record, and keeps its names, numbers and shape', () => {
    const record = {
      command: ['deploy', '-e', 'db_password=s3cr3t'],
      pid: 12,
      hosts: { secret1: { outcome: 'failed', msg: 'app: exit 1: token=t0k' } },
      brokeLock: { who: 'ops@c', command: ['restart', '--extra-vars={"a": "b"}'] },
    };
    const kept = {
      command: ['deploy', '-e', 'db_password=***'],
      pid: 12,
      hosts: { secret1: { outcome: 'failed', msg: 'app: exit 1: token=***' } },
      brokeLock: { who: 'ops@c', command: ['restart', '--extra-vars={"a":"***"}'] },
    };
    expect(redactRecord(record)).toEqual(kept);
    expect(redactRecord(kept)).toEqual(kept);
  });
});
