/** The OpenSSH options deployer honours, as users write them in ansible_ssh_common_args. */
import { parseJumpHosts, parseSshArgs } from '../../src/transport/ssh-args.js';

describe('parseSshArgs', () => {
  it.each<[string, object]>([
    ['-o UserKnownHostsFile=/tmp/kh', { userKnownHostsFiles: ['/tmp/kh'] }],
    ['-oUserKnownHostsFile=/tmp/kh', { userKnownHostsFiles: ['/tmp/kh'] }],
    ['-o "UserKnownHostsFile /a /b"', { userKnownHostsFiles: ['/a', '/b'] }],
    ['-o StrictHostKeyChecking=no', { strictHostKeyChecking: 'no' }],
    ['-o StrictHostKeyChecking=accept-new', { strictHostKeyChecking: 'accept-new' }],
    ['-o stricthostkeychecking=yes', { strictHostKeyChecking: 'yes' }],
    ['-o ConnectTimeout=3', { connectTimeoutSeconds: 3 }],
    ['-o ProxyJump=ops@bastion:2200', { jumpHosts: [{ user: 'ops', host: 'bastion', port: 2200 }] }],
    ['-J bastion', { jumpHosts: [{ user: undefined, host: 'bastion', port: 22 }] }],
    ['-J a@b1,b2:23', { jumpHosts: [{ user: 'a', host: 'b1', port: 22 }, { user: undefined, host: 'b2', port: 23 }] }],
    [`-o ProxyCommand="ssh -W %h:%p -q ops@bastion"`, { jumpHosts: [{ user: 'ops', host: 'bastion', port: 22 }] }],
    [`-o 'ProxyCommand=ssh -p 2200 -l ops -W %h:%p bastion'`, { jumpHosts: [{ user: 'ops', host: 'bastion', port: 2200 }] }],
    ['-o ControlMaster=auto -o ControlPersist=60s', {}],
    ['-p 2201 -l admin -i ~/.ssh/k', { port: 2201, user: 'admin', identityFiles: ['~/.ssh/k'] }],
  ])('%s', (args, expected) => {
    expect(parseSshArgs(args)).toEqual(expected);
  });

  it('later sources override earlier ones (common args, then extra args)', () => {
    expect(parseSshArgs('-o ConnectTimeout=3', '-o ConnectTimeout=7')).toEqual({ connectTimeoutSeconds: 7 });
  });

  it('refuses a ProxyCommand it cannot turn into a jump host', () => {
    expect(() => parseSshArgs('-o ProxyCommand="nc -X 5 -x proxy:1080 %h %p"')).toThrow(/Unsupported ProxyCommand/);
  });

  it('rejects malformed jump hosts', () => {
    expect(() => parseJumpHosts('a@@b')).toThrow(/Invalid jump host/);
  });
});
