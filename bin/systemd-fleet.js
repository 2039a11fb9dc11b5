#!/usr/bin/env node
// Starts or stops a fleet of real systemd hosts (systemd-nspawn containers on 127.0.N.M).
//   node bin/systemd-fleet.js start DIR HOSTS [--java] [--network N]   → prints the inventory path
//   (--java: hosts with a Java runtime and ZooKeeper's libraries; --network: 127.0.N.M, default 50)
//   node bin/systemd-fleet.js stop DIR
import { startSystemdFleet, stopSystemdFleet } from '../dist/fleet/systemd-fleet.js';

const [action, dir, count, ...options] = process.argv.slice(2);
const network = options.includes('--network') ? Number(options[options.indexOf('--network') + 1]) : undefined;
if (action === 'start' && dir && count) {
  const fleet = await startSystemdFleet({ dir, hosts: Number(count), groups: JSON.parse(process.env.FLEET_GROUPS ?? '{}'), java: options.includes('--java'), ...(network ? { network } : {}) });
  console.log(fleet.inventory);
} else if (action === 'stop' && dir) {
  await stopSystemdFleet(dir);
} else {
  console.error('usage: systemd-fleet.js start DIR HOSTS [--java] [--network N] | systemd-fleet.js stop DIR');
  process.exitCode = 2;
}
