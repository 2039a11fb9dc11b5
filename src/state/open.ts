/** The state store a platform's settings name. */
import type { Settings } from '../settings/model.js';
import { FileStore } from './file-store.js';
import type { StateStore } from './store.js';

export async function openStore(settings: Settings): Promise<StateStore> {
  return new FileStore(settings.confDir);
}
