// Writes a large deployment settings file: HOSTS hosts, COMPONENTS components with CLUSTERS
// clusters each (hosts spread evenly, every host in one cluster of one component... and in a
// monitoring component that runs everywhere), templates in package, service and health.
// Usage: gen-settings.mjs FILE [HOSTS] [COMPONENTS] [CLUSTERS_PER_COMPONENT]
import fs from 'node:fs';

const [file, hostCount = '5000', componentCount = '40', clustersPer = '5'] = process.argv.slice(2);
const hosts = Number(hostCount);
const components = Number(componentCount);
const perComponent = Number(clustersPer);
const lines = ['platform:', '  name: bench', '  install_root: /data/opt', '  data_root: /data', '  binaries_version: punch-6.4.5', 'vars:', '  ansible_user: deploy', 'hosts:'];
const name = (i) => `node${String(i).padStart(5, '0')}.dc${i % 4}.example.org`;
for (let i = 0; i < hosts; i++) lines.push(`  ${name(i)}: { ansible_host: 127.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}, rack: r${i % 50} }`);
lines.push('components:');
const slots = components * perComponent;
for (let c = 0; c < components; c++) {
  lines.push(`  service${c}:`, `    version: ${1 + (c % 3)}.${c}.0`, `    package: service${c}-{{ version }}-bin`);
  if (c > 0) lines.push(`    depends_on: [service${Math.floor((c - 1) / 2)}]`);
  lines.push('    vars: { heap: 2g }', '    clusters:');
  for (let k = 0; k < perComponent; k++) {
    const slot = c * perComponent + k;
    const members = [];
    for (let i = slot; i < hosts; i += slots) members.push(name(i));
    lines.push(`      c${k}:`, `        vars: { port: ${9000 + k} }`, `        hosts: [${members.join(', ')}]`);
  }
  lines.push(
    '    service:',
    '      unit: "service' + c + '-{{ cluster }}"',
    '      exec_start: "{{ install_dir }}/bin/run --port {{ port }} --rack {{ rack }} --data {{ data_root }}/{{ component }}"',
    '      health: { tcp: "{{ ansible_host }}:{{ port }}" }',
    `    rollout: { max_unavailable: 25% }`,
  );
}
fs.writeFileSync(file, `${lines.join('\n')}\n`);
