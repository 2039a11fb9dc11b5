#!/usr/bin/env node
// Starts or stops a fleet of real systemd hosts (systemd-nspawn containers on 127.0.50.N).
//   node bin/systemd-fleet.js start DIR HOSTS   → prints the inventory path
//   node bin/systemd-fleet.js stop DIR
import { startSystemdFleet, stopSystemdFleet } from '../dist/fleet/systemd-fleet.js';

const [action, dir, count] = process.argv.slice(2);
if (action === 'start' && dir && count) {
  const fleet = await startSystemdFleet({ dir, hosts: Number(count), groups: JSON.parse(process.env.FLEET_GROUPS ?? '{}') });
  console.log(fleet.inventory);
} else if (action === 'stop' && dir) {
  await stopSystemdFleet(dir);
} else {
  console.error('usage: systemd-fleet.js start DIR HOSTS | systemd-fleet.js stop DIR');
  process.exitCode = 2;
}
