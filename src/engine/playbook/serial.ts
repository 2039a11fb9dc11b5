/** A play's `serial`: the batches of hosts it runs, in order. */
import { DeployerError } from '../../errors.js';
import type { Host } from '../../inventory/model.js';
import type { PlayDef } from '../../playbook/model.js';

/** A number, a percentage or a list of them (the last one repeats); none: one batch. */
export function serialBatches(play: Pick<PlayDef, 'serial' | 'name'>, hosts: Host[]): Host[][] {
  const serial = play.serial;
  if (serial === undefined || serial === null || serial === 0) return [hosts];
  const steps = (Array.isArray(serial) ? serial : [serial]).map((s) => {
    const text = String(s).trim();
    const size = text.endsWith('%') ? Math.floor((hosts.length * Number(text.slice(0, -1))) / 100) : Number(text);
    if (Number.isNaN(size)) throw new DeployerError(`invalid serial value '${text}' in play '${play.name}'`);
    return Math.max(1, size);
  });
  const batches: Host[][] = [];
  let index = 0;
  let step = 0;
  while (index < hosts.length) {
    const size = steps[Math.min(step++, steps.length - 1)];
    batches.push(hosts.slice(index, index + size));
    index += size;
  }
  return batches;
}
