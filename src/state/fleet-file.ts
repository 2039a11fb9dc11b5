/**
 * The file store's fleet records: one JSON document, `journal/deployer-fleet.json`, private as
 * the other records, replaced at once (written beside, then renamed) so a reader never sees half.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { applyFleetUpdate, emptyFleet, type FleetRecords, type FleetUpdate } from './fleet.js';
import { PRIVATE_FILE, privateFolder } from './private-files.js';
import { redactRecord } from './redact.js';

export const fleetFile = (confDir: string) => path.join(confDir, 'journal', 'deployer-fleet.json');

export function readFleetFile(confDir: string): FleetRecords {
  const file = fleetFile(confDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyFleet();
    throw new DeployerError(`Cannot read the fleet records ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  try {
    const records = JSON.parse(text) as FleetRecords;
    return { desired: records.desired ?? {}, hosts: records.hosts ?? {} };
  } catch {
    throw new DeployerError(`${file} is not the fleet records deployer wrote (not its JSON): remove it, and deployer status writes it again`);
  }
}

export function writeFleetFile(confDir: string, update: FleetUpdate): void {
  const file = fleetFile(confDir);
  const records = applyFleetUpdate(readFleetFile(confDir), update);
  const temporary = `${file}.${process.pid}`;
  try {
    privateFolder(path.dirname(file));
    fs.writeFileSync(temporary, JSON.stringify(redactRecord(records)), { mode: PRIVATE_FILE });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new DeployerError(`Cannot write the fleet records ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
