/**
 * One batch of a rolling restart on a terminal: a live listr2 line for the batch and one under
 * it per host, showing the host's step as its playbook events arrive (clearing an earlier
 * failure, restarting on the new release, checking health) until it is healthy or fails.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { PlaybookEvent } from '../../engine/playbook/events.js';
import type { PlannedHost } from '../../engine/rollout/plan.js';

type Wrapper = ListrTaskWrapper<unknown, never, never>;

interface HostLine {
  planned: PlannedHost;
  wrapper?: Wrapper;
  /** The step shown now; the first title is shown until listr2 hands the wrapper over. */
  step: string;
  /** How the host's batch ended (set by end(), possibly before listr2 started its line). */
  result?: { failure?: string };
  end?: () => void;
}

/** The step a task of the restart playbook is, in an operator's words. */
function stepOf(task: string, to: string): string {
  if (/clear an earlier failure/.test(task)) return 'stopping';
  if (/: restart /.test(task)) return `restarting on ${to}`;
  if (/healthy within/.test(task)) return 'checking health';
  return task.replace(/^\S+ : /, '');
}

export class BatchView {
  private readonly hosts = new Map<string, HostLine>();
  private task = '';
  /** Resolves when listr2 has drawn the batch's last state. */
  readonly drawn: Promise<void>;

  /** `after`: what must be written before the batch's lines are drawn. */
  constructor(title: string, planned: PlannedHost[], after: Promise<void>) {
    for (const host of planned) this.hosts.set(host.host, { planned: host, step: 'waiting' });
    const label = (line: HostLine) => `${line.planned.host}  ${line.planned.from ?? 'nothing'} → ${line.planned.to}: ${line.step}`;
    const list = new Listr(
      [
        {
          title,
          task: (_context, batch) =>
            batch.newListr(
              [...this.hosts.values()].map((line) => ({
                title: label(line),
                task: async (_c: unknown, wrapper: Wrapper) => {
                  line.wrapper = wrapper;
                  wrapper.title = label(line);
                  if (!line.result) await new Promise<void>((resolve) => (line.end = resolve));
                  wrapper.title = label(line);
                  if (line.result?.failure !== undefined) throw new Error(`${line.planned.host}: ${line.result.failure}`);
                },
              })),
              { concurrent: true, exitOnError: false },
            ),
        },
      ],
      { exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseSubtasks: false, collapseErrors: false } },
    );
    this.drawn = after.then(() => list.run()).then(
      () => undefined,
      () => undefined,
    );
    this.label = label;
  }

  private readonly label: (line: HostLine) => string;

  /** A playbook event of the batch's restart. */
  handle(event: PlaybookEvent): void {
    if (event.type === 'task-start') {
      this.task = event.name;
      for (const line of this.hosts.values()) if (!line.step.startsWith('healthy')) this.show(line, stepOf(event.name, line.planned.to));
    }
    if (event.type === 'host-result' && !event.item && (event.status === 'failed' || event.status === 'unreachable')) {
      const line = this.hosts.get(event.host);
      if (line) this.show(line, `${event.status === 'unreachable' ? 'unreachable' : 'failed'}: ${String(event.result.msg ?? '').split('\n')[0]}`);
    } else if (event.type === 'host-result' && /healthy within/.test(this.task)) {
      const line = this.hosts.get(event.host);
      if (line) this.show(line, `healthy on ${line.planned.to}`);
    }
  }

  /** The batch is over: every host line ends, healthy or failed. */
  end(healthy: string[], failed: string[]): Promise<void> {
    for (const [host, line] of this.hosts) {
      if (healthy.includes(host)) this.show(line, `healthy on ${line.planned.to}`);
      line.result = failed.includes(host) ? { failure: line.step } : {};
      line.end?.();
    }
    return this.drawn;
  }

  private show(line: HostLine, step: string): void {
    line.step = step;
    if (line.wrapper) line.wrapper.title = this.label(line);
  }
}
