/**
 * Settings validation: each case is a settings file with one mistake (as users make them), and
 * the exact line, column, path and message deployer must report. Nothing is returned from
 * settings with a problem, and every problem of a file is reported at once.
 */
import { formatIssue, SettingsError } from '../../src/settings/issues.js';
import { parseSettings } from '../../src/settings/load.js';

const where = { file: '/conf/deployment.yml', confDir: '/conf', name: 'deployment.yml' };

function problems(text: string): string[] {
  try {
    parseSettings(Buffer.from(text), where);
  } catch (error) {
    if (error instanceof SettingsError) return error.issues.map((issue) => formatIssue('deployment.yml', issue));
    throw error;
  }
  return [];
}

const HOSTS = `hosts:
  zk1: { ansible_host: 127.0.0.11 }
  zk2: { ansible_host: 127.0.0.12 }
  zk3: { ansible_host: 127.0.0.13 }
`;
const PLATFORM = `platform:
  name: demo
  install_root: /data/opt
`;

describe('a valid file', () => {
  it('has no problems', () => {
    expect(problems(`${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main:
        hosts: [zk1, zk2, zk3]
`)).toEqual([]);
  });
});

describe.each<[string, string, string[]]>([
  [
    'an unknown platform key, close to a known one',
    `platform:
  name: demo
  install_root: /data/opt
  keep_release: 3
${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:4:3: platform.keep_release: unknown key 'keep_release' (did you mean 'keep_releases'?); expected one of name, install_root, data_root, logs_root, user, keep_releases, binaries_version"],
  ],
  [
    'an unknown top-level key',
    `${PLATFORM}${HOSTS}component:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    [
      "deployment.yml:1:1: missing required key 'components'",
      "deployment.yml:8:1: component: unknown key 'component' (did you mean 'components'?); expected one of platform, vars, hosts, components, rollout, state, state_options",
    ],
  ],
  [
    'a missing platform',
    `${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:1:1: missing required key 'platform'"],
  ],
  [
    'a relative install_root',
    `platform:
  name: demo
  install_root: data/opt
${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:3:17: platform.install_root: expected an absolute path, got 'data/opt'"],
  ],
  [
    'keep_releases below 2',
    `platform:
  name: demo
  install_root: /data/opt
  keep_releases: 1
${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    ['deployment.yml:4:18: platform.keep_releases: expected a whole number of releases, at least 2 (the running one and the one to roll back to), got the number 1'],
  ],
  [
    'keep_releases as text',
    `platform:
  name: demo
  install_root: /data/opt
  keep_releases: three
${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:4:18: platform.keep_releases: expected a whole number of releases, at least 2 (the running one and the one to roll back to), got 'three'"],
  ],
  [
    'a platform name with a space',
    `platform:
  name: my platform
  install_root: /data/opt
${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:2:9: platform.name: expected a platform id (letters, digits, _ . -), got 'my platform'"],
  ],
  [
    'a version YAML reads as a number',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.10
    clusters: { main: { hosts: [zk1] } }
`,
    ["deployment.yml:10:14: components.zookeeper.version: expected a version string (quote numbers: '3.10' would read as 3.1), got the number 3.1"],
  ],
  [
    'a misspelt component key',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    verison: 3.8.4
    clusters: { main: { hosts: [zk1] } }
`,
    [
      "deployment.yml:9:3: components.zookeeper: missing required key 'version'",
      "deployment.yml:10:5: components.zookeeper.verison: unknown key 'verison' (did you mean 'version'?); expected one of version, package, archive, depends_on, clusters, vars, service, rollout, restart, patchable, patch_dir, config",
    ],
  ],
  [
    'a component without clusters',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
`,
    ["deployment.yml:9:3: components.zookeeper: missing required key 'clusters'"],
  ],
  [
    'a component name with upper case',
    `${PLATFORM}${HOSTS}components:
  ZooKeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
`,
    ["deployment.yml:9:3: components.ZooKeeper: 'ZooKeeper' is not a component name (lower-case letters, digits and _, starting with a letter)"],
  ],
  [
    'a cluster name with a dash',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      zk-main: { hosts: [zk1] }
`,
    ["deployment.yml:12:7: components.zookeeper.clusters['zk-main']: 'zk-main' is not a cluster name (lower-case letters, digits and _, starting with a letter)"],
  ],
  [
    'a cluster host that is not declared',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main:
        hosts: [zk1, zk2, zk4]
`,
    ["deployment.yml:13:27: components.zookeeper.clusters.main.hosts[2]: unknown host 'zk4' (did you mean 'zk1'?); every host must be declared under hosts"],
  ],
  [
    'a cluster host far from any declared name',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main:
        hosts:
          - zk1
          - kafka9.example.org
`,
    ["deployment.yml:15:13: components.zookeeper.clusters.main.hosts[1]: unknown host 'kafka9.example.org'; every host must be declared under hosts"],
  ],
  [
    'a host twice in one cluster',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main:
        hosts: [zk1, zk2, zk1]
`,
    ["deployment.yml:13:27: components.zookeeper.clusters.main.hosts[2]: host 'zk1' is listed twice in this cluster (first at hosts[0])"],
  ],
  [
    'a host in two clusters of one component',
    `${PLATFORM}${HOSTS}components:
  kafka:
    version: 2.8.1
    clusters:
      front: { hosts: [zk1, zk2] }
      back: { hosts: [zk2, zk3] }
`,
    ["deployment.yml:13:23: components.kafka.clusters.back.hosts[0]: host 'zk2' is already in cluster 'front' of kafka: a host runs one instance of a component"],
  ],
  [
    'an empty cluster',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main:
        hosts: []
`,
    ['deployment.yml:13:16: components.zookeeper.clusters.main.hosts: expected a list of host names, got an empty list'],
  ],
  [
    'cluster hosts as one string',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main:
        hosts: zk1, zk2
`,
    ["deployment.yml:13:16: components.zookeeper.clusters.main.hosts: expected a list of host names, got 'zk1, zk2'"],
  ],
  [
    'depends_on an unknown component',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
  kafka:
    version: 2.8.1
    depends_on: [zookeper]
    clusters: { main: { hosts: [zk2] } }
`,
    ["deployment.yml:14:18: components.kafka.depends_on[0]: unknown component 'zookeper' (did you mean 'zookeeper'?)"],
  ],
  [
    'depends_on as a string',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
  kafka:
    version: 2.8.1
    depends_on: zookeeper
    clusters: { main: { hosts: [zk2] } }
`,
    ["deployment.yml:14:17: components.kafka.depends_on: expected a list of component names, got 'zookeeper'"],
  ],
  [
    'a duplicate key',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    version: 3.9.1
`,
    ["deployment.yml:12:5: components.zookeeper.version: duplicate key 'version' (first defined at line 10); a key may appear once"],
  ],
  [
    'a duplicate host',
    `${PLATFORM}hosts:
  zk1: { ansible_host: 127.0.0.11 }
  zk1: { ansible_host: 127.0.0.12 }
components:
  zookeeper: { version: 3.8.4, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:6:3: hosts.zk1: duplicate key 'zk1' (first defined at line 5); a key may appear once"],
  ],
  [
    'an unknown restart policy',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    restart: later
`,
    ["deployment.yml:12:14: components.zookeeper.restart: expected now or deferred, got 'later'"],
  ],
  [
    'a config file outside the release folder',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    config:
      conf/zoo.cfg: templates/zoo.cfg.j2
      ../../etc/passwd: templates/evil.j2
      /etc/zoo.cfg: templates/zoo.cfg.j2
`,
    [
      "deployment.yml:14:7: components.zookeeper.config['../../etc/passwd']: '../../etc/passwd' is not a path inside the release folder (relative, no ..)",
      "deployment.yml:15:7: components.zookeeper.config['/etc/zoo.cfg']: '/etc/zoo.cfg' is not a path inside the release folder (relative, no ..)",
    ],
  ],
  [
    'two health checks',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    service:
      exec_start: /opt/zk/bin/zkServer.sh start-foreground
      health: { tcp: 2181, http: "http://localhost:8080/" }
`,
    ['deployment.yml:14:15: components.zookeeper.service.health: expected one of tcp, http, command or log, not several'],
  ],
  [
    'an unknown health check',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    service:
      exec_start: /opt/zk/bin/zkServer.sh start-foreground
      health: { port: 2181 }
`,
    ["deployment.yml:14:17: components.zookeeper.service.health.port: unknown key 'port'; expected one of tcp, http, command, log"],
  ],
  [
    'a service without exec_start',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    service:
      exec: /opt/zk/bin/zkServer.sh start-foreground
`,
    [
      "deployment.yml:12:5: components.zookeeper.service: missing required key 'exec_start'",
      "deployment.yml:13:7: components.zookeeper.service.exec: unknown key 'exec'; expected one of unit, exec_start, health, startup_timeout",
    ],
  ],
  [
    'max_unavailable of zero',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout: { max_unavailable: 0 }
`,
    ['deployment.yml:12:33: components.zookeeper.rollout.max_unavailable: expected a number of hosts (at least 1) or a percentage (1% to 100%), got the number 0'],
  ],
  [
    'max_unavailable as a bad percentage',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout:
      max_unavailable: 150%
`,
    ["deployment.yml:13:24: components.zookeeper.rollout.max_unavailable: expected a number of hosts (at least 1) or a percentage (1% to 100%), got '150%'"],
  ],
  [
    'quorum and max_unavailable together',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout: { quorum: majority, max_unavailable: 1 }
`,
    ['deployment.yml:12:14: components.zookeeper.rollout: set max_unavailable or quorum, not both'],
  ],
  [
    'a leader command on a component without a service',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout: { quorum: majority, leader: "echo srvr | nc localhost 2181 | grep -q 'Mode: leader'" }
`,
    ['deployment.yml:12:42: components.zookeeper.rollout.leader: leader orders the restarts of a service: the component has no service'],
  ],
  [
    'a leader command that is not text',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    service: { exec_start: bin/zk }
    rollout: { leader: [a] }
`,
    ['deployment.yml:13:24: components.zookeeper.rollout.leader: expected a shell command that exits 0 on the host that leads its cluster, got a list'],
  ],
  [
    'an unknown quorum rule',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout: { quorum: all }
`,
    ["deployment.yml:12:24: components.zookeeper.rollout.quorum: expected majority, got 'all'"],
  ],
  [
    'an on_failure policy that does not exist',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout: { quorum: majority, on_failure: rollback }
`,
    ["deployment.yml:12:46: components.zookeeper.rollout.on_failure: expected stop or rollback_component, got 'rollback'"],
  ],
  [
    'min_healthy_time in words',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    rollout:
      min_healthy_time: 10s
`,
    ["deployment.yml:13:25: components.zookeeper.rollout.min_healthy_time: expected a whole number of seconds (0: no wait), got '10s'"],
  ],
  [
    "the run's policy: a percentage over 100, any_errors_fatal as a word, an unknown key",
    `${PLATFORM}${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
rollout:
  max_fail_percentage: 150
  any_errors_fatal: "yes"
  serial: 2
`,
    [
      'deployment.yml:11:24: rollout.max_fail_percentage: expected a whole percentage, 0 to 100, got the number 150',
      "deployment.yml:12:21: rollout.any_errors_fatal: expected true or false, got 'yes'",
      "deployment.yml:13:3: rollout.serial: unknown key 'serial'; expected one of max_fail_percentage, any_errors_fatal, count_unreachable, min_healthy_time, on_failure",
    ],
  ],
  [
    'patchable as a string',
    `${PLATFORM}${HOSTS}components:
  shiva:
    version: 6.4.5
    clusters: { main: { hosts: [zk1] } }
    patchable: "yes"
`,
    ["deployment.yml:12:16: components.shiva.patchable: expected true or false, got 'yes'"],
  ],
  [
    'a host variable name with a dash',
    `${PLATFORM}hosts:
  zk1: { ansible-host: 127.0.0.11 }
components:
  zookeeper: { version: 3.8.4, clusters: { main: { hosts: [zk1] } } }
`,
    ["deployment.yml:5:10: hosts.zk1['ansible-host']: 'ansible-host' is not a variable name (letters, digits and _, not starting with a digit)"],
  ],
  [
    'a host name with a space',
    `${PLATFORM}hosts:
  "zk 1": { ansible_host: 127.0.0.11 }
components:
  zookeeper: { version: 3.8.4, clusters: { main: { hosts: [zk1] } } }
`,
    [
      "deployment.yml:5:3: hosts['zk 1']: 'zk 1' is not a host name (letters, digits, _ . -)",
      "deployment.yml:7:60: components.zookeeper.clusters.main.hosts[0]: unknown host 'zk1' (did you mean 'zk 1'?); every host must be declared under hosts",
    ],
  ],
  [
    'host variables as a list',
    `${PLATFORM}hosts:
  zk1: [ansible_host=127.0.0.11]
components:
  zookeeper: { version: 3.8.4, clusters: { main: { hosts: [zk1] } } }
`,
    ['deployment.yml:5:8: hosts.zk1: expected a mapping of host variables (or nothing), got a list'],
  ],
  [
    'cluster groups that collide with a component group',
    `${PLATFORM}${HOSTS}components:
  kafka:
    version: 2.8.1
    clusters:
      servers: { hosts: [zk1] }
`,
    ["deployment.yml:12:7: components.kafka.clusters.servers: the inventory group 'kafka_servers' of cluster servers of kafka is already the group of component kafka; rename one of them"],
  ],
  [
    'a template naming an undefined variable',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters:
      main: { hosts: [zk1], vars: { client_port: 2181 } }
    service:
      exec_start: "{{ install_dir }}/bin/zkServer.sh start-foreground"
      health: { tcp: "{{ client_prot }}" }
`,
    ["deployment.yml:15:22: components.zookeeper.service.health.tcp: 'client_prot' is undefined (did you mean 'client_port'?) (rendering for host zk1)"],
  ],
  [
    'a package template using a variable only some hosts have',
    `${PLATFORM}hosts:
  zk1: { flavour: bin }
  zk2: {}
components:
  zookeeper:
    version: 3.8.4
    package: apache-zookeeper-{{ version }}-{{ flavour }}
    clusters: { main: { hosts: [zk1, zk2] } }
`,
    ["deployment.yml:10:14: components.zookeeper.package: 'flavour' is undefined (rendering for host zk2)"],
  ],
  [
    'a template that does not parse',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    service:
      exec_start: "{{ install_dir }/bin/zkServer.sh"
`,
    [expect.stringMatching(/^deployment\.yml:13:19: components\.zookeeper\.service\.exec_start: template error while templating '\{\{ install_dir \}\/bin\/zkServer\.sh': .* \(rendering for host zk1\)$/) as unknown as string],
  ],
  [
    'a unit name that renders to something systemd refuses',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1] } }
    service:
      unit: "zookeeper {{ cluster }}"
      exec_start: /opt/zk/bin/zkServer.sh
`,
    ["deployment.yml:13:13: components.zookeeper.service.unit: 'zookeeper main' is not a systemd unit name (letters, digits and : _ . @ -) (rendering for host zk1)"],
  ],
  [
    'a YAML syntax error',
    `${PLATFORM}${HOSTS}components:
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1 }
`,
    [
      'deployment.yml:11:37: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'deployment.yml:11:38: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    ],
  ],
  [
    'a state that is neither file nor an etcd URL',
    `${PLATFORM}${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
state: etcd://127.0.0.1/shop
`,
    ["deployment.yml:10:8: state: expected file, or etcd://HOST:PORT[,HOST:PORT...]/PREFIX, got 'etcd://127.0.0.1/shop'"],
  ],
  [
    'an etcd state without a prefix',
    `${PLATFORM}${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
state: etcd://127.0.0.1:2379,127.0.0.2:2379
`,
    ["deployment.yml:10:8: state: expected file, or etcd://HOST:PORT[,HOST:PORT...]/PREFIX, got 'etcd://127.0.0.1:2379,127.0.0.2:2379'"],
  ],
  [
    'a lease too short to be renewed',
    `${PLATFORM}${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
state: etcd://127.0.0.1:2379/shop
state_options:
  lease_ttl: 1
  lock_wait: -5
`,
    [
      'deployment.yml:12:14: state_options.lease_ttl: expected a whole number of seconds, at least 2 (the lock is renewed every third of it), got the number 1',
      'deployment.yml:13:14: state_options.lock_wait: expected a whole number of seconds (0: do not wait), got the number -5',
    ],
  ],
  [
    'a password in the settings (it is read from the environment only)',
    `${PLATFORM}${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
state: etcd://127.0.0.1:2379/shop
state_options:
  password: s3cr3t
`,
    ["deployment.yml:12:3: state_options.password: unknown key 'password'; expected one of lease_ttl, lock_wait, ca, cert, key"],
  ],
  [
    'a client certificate without its key',
    `${PLATFORM}${HOSTS}components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
state: etcd://127.0.0.1:2379/shop
state_options: { ca: tls/ca.pem, cert: tls/client.pem }
`,
    ['deployment.yml:11:34: state_options.cert: a client certificate needs its key: set both cert and key'],
  ],
  [
    'a file that is a list',
    `- platform: demo
`,
    ['deployment.yml:1:1: expected something else, got a list'],
  ],
])('%s', (_name, text, expected) => {
  it('is reported at its place', () => {
    expect(problems(text)).toEqual(expected);
  });
});

describe('the state store', () => {
  it('is the configuration folder by default, or etcd with its options', () => {
    const components = `components:
  zk: { version: 1.0.0, clusters: { main: { hosts: [zk1] } } }
`;
    expect(parseSettings(Buffer.from(`${PLATFORM}${HOSTS}${components}`), where).settings.state).toEqual({ url: 'file', leaseTtl: 30, lockWait: 0, tls: {} });
    const etcd = `${PLATFORM}${HOSTS}${components}state: etcd://127.0.0.1:2379,[::1]:2380/shop/prod
state_options: { lease_ttl: 6, lock_wait: 120, ca: tls/ca.pem, cert: /etc/tls/c.pem, key: /etc/tls/c.key }
`;
    expect(parseSettings(Buffer.from(etcd), where).settings.state).toEqual({ url: 'etcd://127.0.0.1:2379,[::1]:2380/shop/prod', leaseTtl: 6, lockWait: 120, tls: { ca: '/conf/tls/ca.pem', cert: '/etc/tls/c.pem', key: '/etc/tls/c.key' } });
  });
});

describe('several problems', () => {
  it('are reported at once, in file order', () => {
    const found = problems(`platform:
  name: demo
  install_root: opt
hosts:
  zk1: {}
components:
  zookeeper:
    version: 3.8
    clusters: { main: { hosts: [zk1, zk9] } }
  kafka:
    version: 2.8.1
    depends_on: [zookeeper, shiva]
    clusters: { main: { hosts: [zk1] } }
`);
    expect(found.map((line) => line.split(': ')[0])).toEqual(['deployment.yml:3:17', 'deployment.yml:8:14', 'deployment.yml:9:38', 'deployment.yml:12:29']);
  });

  it('end in one SettingsError whose message lists them all, with no stack trace in it', () => {
    let error: unknown;
    try {
      parseSettings(Buffer.from(`platform: { name: demo }\nhosts: {}\ncomponents: {}\n`), where);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message.split('\n')).toEqual([
      'deployment.yml: 3 errors, nothing was done:',
      "deployment.yml:1:1: platform: missing required key 'install_root'",
      'deployment.yml:2:8: hosts: expected a mapping of host names to their variables, got an empty mapping',
      'deployment.yml:3:13: components: expected a mapping of component names to components, got an empty mapping',
    ]);
  });
});
