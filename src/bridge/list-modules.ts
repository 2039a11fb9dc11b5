/**
 * `deployer play --list-modules`: per play, each task's module as written, what it resolves to,
 * and how it runs: natively (deployer's own code, no Python on the host) or through the bridge
 * (ansible-core's module, run by the host's Python). Handlers too; dynamic includes are resolved
 * when the play reaches them.
 */
import type { LoadedPlaybook } from '../playbook/loader.js';
import type { Item } from '../playbook/model.js';
import { listedName } from '../playbook/names.js';
import { isLoaderAction, resolveModuleName } from '../modules/registry.js';
import { bridge } from './bridge.js';
import { controllerAction } from './actions.js';

function describe(items: Item[], out: string[], indent: string): void {
  for (const item of items) {
    if (item.kind === 'block') {
      describe([...item.block, ...item.rescue, ...item.always], out, indent);
      continue;
    }
    if (item.kind === 'include') {
      out.push(`${indent}${listedName(item)}\t${item.action}\tinclude (its tasks are resolved when the play reaches it)`);
      continue;
    }
    const native = resolveModuleName(item.module) === item.module;
    const action = native ? undefined : controllerAction(item.module);
    const how = native ? (isLoaderAction(item.module) ? 'engine' : 'native') : `bridge (${item.module}${action ? `; its action plugin ${action.action} runs on the controller` : ''})`;
    out.push(`${indent}${listedName(item)}\t${item.action}\t${how}`);
  }
}

export function listModules(playbooks: LoadedPlaybook[], files: string[]): string[] {
  const out: string[] = [];
  for (const [index, playbook] of playbooks.entries()) {
    out.push('', `playbook: ${files[index]}`, '');
    playbook.plays.forEach((play, n) => {
      out.push(`  play #${n + 1} (${play.hosts}): ${play.name}`, '    tasks:');
      describe([...play.preTasks, ...play.tasks, ...play.postTasks], out, '      ');
      if (play.handlers.length) {
        out.push('    handlers:');
        describe(play.handlers, out, '      ');
      }
      if (n < playbook.plays.length - 1) out.push('');
    });
  }
  const state = bridge().peek();
  out.push('', state ? `bridge: ansible-core ${state.version} (${state.python})` : 'bridge: not needed (every module is native)');
  return out;
}
