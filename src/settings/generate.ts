/**
 * Generating the inventory: validated settings in, `generated_inventory/current-deployment.inv`
 * out (written only when valid, atomically). Commands that need an inventory and were given none
 * call `currentInventory`: a stale generated inventory (settings changed since) is regenerated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GENERATED_INVENTORY, inventoryText, isCurrent, writeAtomically } from './inventory-file.js';
import { loadSettings, type LoadedSettings } from './load.js';
import type { SettingsLocation } from './locate.js';

export interface GeneratedInventory {
  file: string;
  /** False when the file already held exactly this text. */
  written: boolean;
}

export const generatedInventoryPath = (confDir: string) => path.join(confDir, GENERATED_INVENTORY);

export function generateInventory(loaded: LoadedSettings): GeneratedInventory {
  const file = generatedInventoryPath(loaded.settings.confDir);
  const text = inventoryText(loaded.settings, loaded.hosts);
  const current = fs.statSync(file, { throwIfNoEntry: false });
  const same = current?.isFile() === true && fs.readFileSync(file, 'utf8') === text;
  // it holds the settings' variables, passwords too: no more readable than the settings
  const mode = fs.statSync(loaded.settings.file).mode & 0o666;
  if (!same) writeAtomically(file, text, mode);
  else if (current!.mode & 0o777 & ~mode) fs.chmodSync(file, current!.mode & mode);
  return { file, written: !same };
}

/** The generated inventory for these settings, regenerated first when it is missing or stale. */
export function currentInventory(location: SettingsLocation & { file: string }, cwd: string): GeneratedInventory & { stale: boolean } {
  const file = generatedInventoryPath(location.confDir);
  const loaded = loadSettings(location, cwd);
  if (isCurrent(file, loaded.settings)) return { file, written: false, stale: false };
  const existed = fs.existsSync(file);
  return { ...generateInventory(loaded), stale: existed };
}
