/**
 * The shape of a settings file, as JSON Schema (checked by ajv). `expected` is deployer's own
 * annotation: the words an error uses to say what belongs at that place.
 */
const NAME = '^[a-z][a-z0-9_]*$';
const HOST = '^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$';
const VARIABLE = '^[A-Za-z_][A-Za-z0-9_]*$';

// non-blank: a pattern rather than minLength, which would need ajv's runtime in the prebuilt validator
const text = (expected: string) => ({ type: 'string', pattern: '\\S', expected });
const absolutePath = { type: 'string', pattern: '^(/|\\{\\{)', expected: 'an absolute path' };
const variables = {
  type: 'object',
  propertyNames: { pattern: VARIABLE, expected: 'a variable name (letters, digits and _, not starting with a digit)' },
  expected: 'a mapping of variables',
};

/** Rollout keys a component may set, and the settings' top-level `rollout` may set for all of them. */
const gateKeys = {
  min_healthy_time: { type: 'integer', minimum: 0, expected: 'a whole number of seconds (0: no wait)' },
  on_failure: { enum: ['stop', 'rollback_component'], expected: 'stop or rollback_component' },
};

/** `file`, or etcd's members and the platform's key prefix: `etcd://HOST:PORT[,HOST:PORT...]/PREFIX` (an IPv6 host in brackets). */
export const STATE_PATTERN = '^(file|etcd://([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}(,([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5})*/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*)$';

/** ajv's options for this schema: every error, with the schema that raised it (for `expected`). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;

export const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['platform', 'hosts', 'components'],
  properties: {
    platform: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'install_root'],
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$', expected: 'a platform id (letters, digits, _ . -)' },
        install_root: absolutePath,
        data_root: absolutePath,
        logs_root: absolutePath,
        user: text('a user name'),
        keep_releases: { type: 'integer', minimum: 2, expected: 'a whole number of releases, at least 2 (the running one and the one to roll back to)' },
        binaries_version: text('a folder name under install_root'),
      },
    },
    vars: variables,
    hosts: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: HOST, expected: 'a host name (letters, digits, _ . -)' },
      additionalProperties: { ...variables, expected: 'a mapping of host variables (or nothing)' },
      expected: 'a mapping of host names to their variables',
    },
    components: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: NAME, expected: 'a component name (lower-case letters, digits and _, starting with a letter)' },
      additionalProperties: { $ref: '#/$defs/component' },
      expected: 'a mapping of component names to components',
    },
    rollout: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_fail_percentage: { type: 'integer', minimum: 0, maximum: 100, expected: 'a whole percentage, 0 to 100' },
        any_errors_fatal: { type: 'boolean', expected: 'true or false' },
        count_unreachable: { type: 'boolean', expected: 'true or false' },
        ...gateKeys,
      },
      expected: 'a mapping of max_fail_percentage, any_errors_fatal, count_unreachable, min_healthy_time, on_failure',
    },
    state: { type: 'string', pattern: STATE_PATTERN, expected: 'file, or etcd://HOST:PORT[,HOST:PORT...]/PREFIX' },
    state_options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        lease_ttl: { type: 'integer', minimum: 2, expected: 'a whole number of seconds, at least 2 (the lock is renewed every third of it)' },
        lock_wait: { type: 'integer', minimum: 0, expected: 'a whole number of seconds (0: do not wait)' },
        ca: text("a file of the CA certificates that sign etcd's, relative to the settings folder"),
        cert: text('a client certificate file, relative to the settings folder'),
        key: text("the client certificate's key file, relative to the settings folder"),
      },
      expected: 'a mapping of lease_ttl, lock_wait, ca, cert, key (the etcd user and password come from DEPLOYER_ETCD_USER and DEPLOYER_ETCD_PASSWORD)',
    },
  },
  $defs: {
    component: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'clusters'],
      properties: {
        version: { type: 'string', pattern: '\\S', expected: "a version string (quote numbers: '3.10' would read as 3.1)" },
        package: text('a release folder name'),
        archive: text('a path to a .tar.gz archive'),
        depends_on: { type: 'array', items: { type: 'string', expected: 'a component name' }, expected: 'a list of component names' },
        clusters: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: NAME, expected: 'a cluster name (lower-case letters, digits and _, starting with a letter)' },
          additionalProperties: { $ref: '#/$defs/cluster' },
          expected: 'a mapping of cluster names to clusters',
        },
        vars: variables,
        service: { $ref: '#/$defs/service' },
        rollout: {
          type: 'object',
          additionalProperties: false,
          properties: {
            max_unavailable: {
              anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^(100|[1-9][0-9]?)%$' }],
              expected: 'a number of hosts (at least 1) or a percentage (1% to 100%)',
            },
            quorum: { enum: ['majority'], expected: 'majority' },
            leader: text('a shell command that exits 0 on the host that leads its cluster'),
            ...gateKeys,
          },
          expected: 'a mapping of max_unavailable or quorum, leader, min_healthy_time, on_failure',
        },
        restart: { enum: ['now', 'deferred'], expected: 'now or deferred' },
        patchable: { type: 'boolean', expected: 'true or false' },
        patch_dir: text('the folder patch files go to on the hosts'),
        config: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$', expected: 'a path inside the release folder (relative, no ..)' },
          additionalProperties: text('a template file, relative to the settings folder'),
          expected: 'a mapping of files in the release folder to template files',
        },
      },
      expected: 'a component (version, clusters, ...)',
    },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['hosts'],
      properties: {
        hosts: { type: 'array', minItems: 1, items: { type: 'string', expected: 'a host name' }, expected: 'a list of host names' },
        vars: variables,
      },
      expected: 'a cluster (hosts, vars)',
    },
    service: {
      type: 'object',
      additionalProperties: false,
      required: ['exec_start'],
      properties: {
        unit: text('a systemd unit name (a template: checked once rendered)'),
        exec_start: text('the command line that starts the service'),
        health: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          properties: {
            tcp: { type: ['string', 'integer'], expected: 'a port, or host:port' },
            http: text('a URL'),
            command: text('a command'),
            log: text('a regular expression'),
          },
          expected: 'one of tcp, http, command or log',
        },
        startup_timeout: { type: 'integer', minimum: 1, expected: 'a whole number of seconds' },
      },
      expected: 'a service (exec_start, health, ...)',
    },
  },
} as const;
