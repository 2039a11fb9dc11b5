// The variables of host `index` for bench/templating/haproxy.cfg.j2: what an inventory and role
// defaults give a load balancer of a mid-size platform (every host's differ a little).
export function hostVars(index) {
  const host = `lb${String(index).padStart(4, '0')}`;
  const servers = (service, count, port) =>
    Array.from({ length: count }, (_, i) => ({ name: `${service}${i + 1}`, address: `10.${index % 250}.${i}.${(i * 7) % 250}`, port, ...(i % 3 === 0 ? { weight: 10 + i } : {}), ...(i === count - 1 ? { backup: true } : {}) }));
  return {
    inventory_hostname: host,
    group_names: ['loadbalancers', `dc${(index % 3) + 1}`],
    syslog_server: '10.0.0.5',
    haproxy: {
      maxconn: 20000 + index,
      user: 'haproxy',
      group: 'haproxy',
      stats: { enabled: index % 2 === 0, socket: '/run/haproxy/admin.sock', timeout: '2m' },
      global_options: ['tune.ssl.default-dh-param 2048', 'ssl-default-bind-options no-sslv3'],
      timeouts: { connect: '5s', client: '50s', server: '50s', 'http-request': '10s', queue: '30s' },
      retries: 3,
    },
    frontends: [
      { name: 'http-in', port: 80, default_backend: 'web', acls: [{ name: 'is_api', condition: 'path_beg /api' }, { name: 'is_static', condition: 'path_end .css .js .png' }], rules: [{ backend: 'api', acl: 'is_api' }, { backend: 'static', acl: 'is_static' }], headers: { 'X-Forwarded-Proto': 'http', 'X-Host': host } },
      { name: 'https-in', port: 443, ssl: true, certificate: '/etc/ssl/private/site.pem', default_backend: 'web', headers: { 'X-Forwarded-Proto': 'https' } },
      { name: 'stats', address: '127.0.0.1', port: 8404, default_backend: 'stats' },
    ],
    backends: [
      { name: 'web', port: 8080, check: { method: 'get', path: '/health' }, servers: servers('web', 40, 8080) },
      { name: 'api', port: 9000, balance: 'leastconn', check: { path: '/api/health', status: 204 }, interval: '1s', servers: servers('api', 24, 9000) },
      { name: 'static', port: 8081, servers: servers('static', 30, 8081) },
      { name: 'stats', port: 8405, servers: servers('stats', 1, 8405) },
    ],
    peers: ['lb0001', 'lb0002', 'lb0003'],
    hostvars_addresses: { lb0001: '10.0.1.1', lb0002: '10.0.1.2', lb0003: '10.0.1.3' },
    peer_port: 10000,
    zones: Array.from({ length: 4 }, (_, z) => ({ name: `zone-${z}`, weight: 0.25, hosts: Array.from({ length: 6 }, (_, h) => `lb${String(((index + z * 6 + h) % 40) + 1).padStart(4, '0')}`) })),
    environment_vars: { PLATFORM: 'prod', REGION: `eu-${index % 4}`, OWNER: 'ops', RELEASE: '2026.12' },
    datacenter: `dc${(index % 3) + 1}`,
  };
}
