// Prints the command `deployer status` runs on every host of a settings folder, so that Ansible
// can gather the same facts in the benchmark. Usage: status-probe.mjs CONF_DIR
import path from 'node:path';
import { probeRequest } from '../dist/engine/status/gather.js';
import { probeCommand } from '../dist/inspect/status-probe.js';
import { loadSettings } from '../dist/settings/load.js';

const conf = path.resolve(process.argv[2]);
const loaded = loadSettings({ confDir: conf, file: path.join(conf, 'deployment.yml') }, process.cwd());
process.stdout.write(probeCommand(probeRequest(loaded, loaded.hosts)));
