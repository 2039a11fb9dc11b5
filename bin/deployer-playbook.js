#!/usr/bin/env node
// `deployer-playbook site.yml ...` is `deployer play site.yml ...`, for ansible-playbook habits.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(['play', ...process.argv.slice(2)]);
