/** Connection settings: Ansible's precedence between host variables, options and ansible.cfg. */
import os from 'node:os';
import { resolveConnectionSettings } from '../../src/transport/settings.js';

const ssh = (vars: Record<string, unknown>, options = {}) => {
  const settings = resolveConnectionSettings('web1', vars, options);
  if (settings.kind !== 'ssh') throw new Error('expected ssh');
  return settings;
};

describe('resolveConnectionSettings', () => {
  it('uses the defaults: inventory name, port 22, current user, 10 s, strict host keys', () => {
    const { ssh: s } = ssh({});
    expect(s).toMatchObject({ address: 'web1', port: 22, user: os.userInfo().username, connectTimeoutMs: 10_000, hostKeyChecking: 'strict', jumpHosts: [] });
  });

  it.each<[string, Record<string, unknown>, object, object]>([
    ['ansible_host and ansible_port', { ansible_host: '10.0.0.1', ansible_port: 2222 }, {}, { address: '10.0.0.1', port: 2222 }],
    ['legacy ansible_ssh_host', { ansible_ssh_host: '10.0.0.2' }, {}, { address: '10.0.0.2' }],
    ['ansible_user beats -u', { ansible_user: 'app' }, { remoteUser: 'cli' }, { user: 'app' }],
    ['-u when the inventory says nothing', {}, { remoteUser: 'cli' }, { user: 'cli' }],
    ['key file from the inventory beats --private-key', { ansible_ssh_private_key_file: '/k1' }, { privateKeyFile: '/k2' }, { privateKeyFiles: ['/k1'] }],
    ['timeout from -T', {}, { timeoutSeconds: 3 }, { connectTimeoutMs: 3000 }],
    ['host_key_checking = False', {}, { hostKeyChecking: false }, { hostKeyChecking: 'off' }],
    ['StrictHostKeyChecking=accept-new in ssh args', { ansible_ssh_common_args: '-o StrictHostKeyChecking=accept-new' }, {}, { hostKeyChecking: 'accept-new' }],
    ['UserKnownHostsFile replaces the user files', { ansible_ssh_common_args: '-o UserKnownHostsFile=/kh' }, {}, { knownHostsFiles: ['/kh', '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'] }],
    ['jump host from ssh extra args', {}, { sshExtraArgs: '-J ops@b:2' }, { jumpHosts: [{ user: 'ops', host: 'b', port: 2 }] }],
    ['password from ansible_password', { ansible_password: 's3cret' }, {}, { password: 's3cret' }],
  ])('%s', (_name, vars, options, expected) => {
    expect(ssh(vars, options).ssh).toMatchObject(expected);
  });

  it('become: variables beat options; sudo to root by default', () => {
    expect(ssh({}, { become: true }).become).toEqual({ method: 'sudo', user: 'root', password: undefined, flags: '-H -S' });
    expect(ssh({ ansible_become: 'false' }, { become: true }).become).toBeUndefined();
    expect(ssh({ ansible_become: true, ansible_become_user: 'kafka', ansible_become_pass: 'pw' }, {}).become).toEqual({
      method: 'sudo',
      user: 'kafka',
      password: 'pw',
      flags: '-H -S',
    });
  });

  it('local connections and unsupported ones', () => {
    expect(resolveConnectionSettings('localhost', { ansible_connection: 'local' }, {}).kind).toBe('local');
    expect(() => resolveConnectionSettings('w', { ansible_connection: 'winrm' }, {})).toThrow(/Unsupported connection type 'winrm'/);
    expect(() => resolveConnectionSettings('w', { ansible_become: true, ansible_become_method: 'su' }, {})).toThrow(/only sudo/);
  });
});
