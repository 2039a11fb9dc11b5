// The rolling-upgrade benches' platform: three components (a -> b -> c: b depends on a, c on b;
// each the example app on its own port) on every host, instead of the example's app.
// Usage: node bench/rollout/settings.mjs DEPLOYMENT_YML HOSTS
import fs from 'node:fs';
import { parseDocument } from 'yaml';

const [file, count] = process.argv.slice(2);
const document = parseDocument(fs.readFileSync(file, 'utf8'));
const names = Array.from({ length: Number(count) }, (_, i) => `node${String(i + 1).padStart(2, '0')}`);
const component = (port, dependsOn) => ({
  version: '1.0.0',
  ...(dependsOn ? { depends_on: [dependsOn] } : {}),
  clusters: { main: { hosts: names } },
  service: { exec_start: `{{ install_dir }}/bin/app --listen {{ ansible_host }}:${port}`, health: { tcp: port }, startup_timeout: 20 },
  // the gate Ansible's wait_for is: the port answers (no time staying healthy)
  rollout: { max_unavailable: '25%', min_healthy_time: 0 },
});
document.set('components', { a: component(8081), b: component(8082, 'a'), c: component(8083, 'b') });
fs.writeFileSync(file, document.toString());
