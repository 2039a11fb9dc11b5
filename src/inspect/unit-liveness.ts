/**
 * Whether a component's service is up on a host, as a rollout's bound reads it before each
 * batch: one `systemctl show` of five properties, a quarter of the status probe's cost (no
 * process table, no file times), paid on every host of the cluster before every batch.
 */
import { shellQuote } from '../transport/become.js';
import { parseSystemctlShow, unitName } from './systemd.js';

const PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'MainPID'];

export function livenessCommand(unit: string): string {
  return `LC_ALL=C systemctl show --no-pager -p ${PROPERTIES.join(',')} -- ${shellQuote(unitName(unit))}`;
}

/**
 * Why the service is down, or undefined when it runs: active (or reloading) with a main process.
 * A unit starting or restarting (`activating`) is down: it does not serve yet.
 */
export function serviceDown(output: string, unit: string): string | undefined {
  const state = parseSystemctlShow(output).find((u) => u.id === unitName(unit));
  if (!state) return `systemctl says nothing of ${unitName(unit)}: ${output.trim().split('\n')[0] ?? ''}`.trim();
  if (state.loadState === 'not-found') return `no unit ${state.id}`;
  if (!['active', 'reloading'].includes(state.activeState) || !state.mainPid) return `${state.id} is ${state.activeState} (${state.subState})`;
  return undefined;
}
