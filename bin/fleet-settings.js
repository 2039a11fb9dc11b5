#!/usr/bin/env node
// Writes a configuration folder for a running systemd fleet from an example's settings folder:
//   node bin/fleet-settings.js FLEET_DIR EXAMPLE_DIR CONF_DIR   → prints the settings file
import fs from 'node:fs';
import path from 'node:path';
import { writeFleetSettings } from '../dist/fleet/fleet-settings.js';

const [fleetDir, example, confDir] = process.argv.slice(2);
if (!fleetDir || !example || !confDir) {
  console.error('usage: fleet-settings.js FLEET_DIR EXAMPLE_DIR CONF_DIR');
  process.exit(2);
}
const state = JSON.parse(fs.readFileSync(path.join(fleetDir, 'systemd-fleet.json'), 'utf8'));
console.log(writeFleetSettings(state, example, confDir));
