/** The file lineinfile, blockinfile and replace edit, read as their first check in Ansible's modules makes it. */
import { shellQuote as q } from '../transport/become.js';
import type { ModuleContext, ModuleResult } from './types.js';

/** The file's text (none when it is not there), or the failure for a folder, which Ansible's modules do not edit. */
export async function readEditable(context: ModuleContext, file: string): Promise<{ text?: string; failure?: ModuleResult }> {
  const result = await context.exec(`if [ -d ${q(file)} ]; then echo d; elif [ -f ${q(file)} ]; then echo x; cat -- ${q(file)}; fi`);
  if (result.stdout === 'd\n') return { failure: { failed: true, rc: 256, msg: `Path ${file} is a directory !` } };
  return result.stdout.startsWith('x\n') ? { text: result.stdout.slice(2) } : {};
}
