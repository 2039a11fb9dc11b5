/**
 * The playbook run on a terminal: each task is a live listr2 line counting its hosts as they
 * report (ok, changed, failed, ...), which stays as a one-line summary when the task ends. What
 * needs reading is printed in full under it, as the default callback prints it: failures,
 * unreachable hosts, debug and assert results, diffs. Banners of plays and the recap are the
 * default callback's. The plain PlaybookPrinter is used instead for pipes, CI and NO_COLOR.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { PlaybookEvent, ResultStatus } from '../../engine/playbook/events.js';
import { PlaybookPrinter } from './playbook-output.js';

type Counts = Record<ResultStatus, number> & { ignored: number };

interface RunningTask {
  title: string;
  counts: Counts;
  /** The lines to show in full once the task's live line is done. */
  details: string[];
  wrapper?: ListrTaskWrapper<unknown, never, never>;
  finish?: () => void;
  rendered: Promise<void>;
}

function summary(counts: Counts): string {
  const parts = (['ok', 'changed', 'failed', 'unreachable', 'skipped'] as const).filter((k) => counts[k] > 0).map((k) => `${k}=${counts[k]}`);
  if (counts.ignored) parts.push(`ignored=${counts.ignored}`);
  return parts.join(' ');
}

export class PlaybookProgress {
  private task?: RunningTask;
  /** Everything written goes through this chain, so that text never cuts into a live line. */
  private output: Promise<void> = Promise.resolve();
  private readonly printer: PlaybookPrinter;

  constructor(private readonly write: (text: string) => void, color: boolean) {
    this.printer = new PlaybookPrinter((text) => this.detail(text), color);
  }

  handle(event: PlaybookEvent): void {
    switch (event.type) {
      case 'task-start':
        this.endTask();
        this.startTask(`${event.handler ? 'RUNNING HANDLER' : 'TASK'} [${event.name}]`);
        break;
      case 'host-result': {
        const task = this.task;
        if (!task) break;
        task.counts[event.status]++;
        if (event.ignored) task.counts.ignored++;
        if (event.status === 'failed' || event.status === 'unreachable' || event.showResult) this.printer.handle(event);
        if (task.wrapper) task.wrapper.title = `${task.title}  ${summary(task.counts)}`;
        break;
      }
      case 'host-diff':
        this.printer.handle(event);
        break;
      case 'host-retry':
        if (this.task?.wrapper) this.task.wrapper.output = `retrying ${event.host}: ${event.retriesLeft} retries left`;
        break;
      default:
        // banners, includes and the recap are printed as the default callback prints them
        this.endTask();
        this.printer.handle(event);
    }
  }

  /** Resolves when everything has been written. */
  async done(): Promise<void> {
    this.endTask();
    await this.output;
  }

  /** Nothing of this printer's is written before `drawn` (another live view's lines). */
  after(drawn: Promise<void>): void {
    this.output = this.output.then(() => drawn);
  }

  /** A line of the caller's, in turn with the live lines (after the current task's). */
  print(text: string): void {
    this.detail(text);
  }

  /** Text for the current task goes under its line once it ends; other text in turn. */
  private detail(text: string): void {
    if (this.task) this.task.details.push(text);
    else this.output = this.output.then(() => this.write(text));
  }

  private startTask(title: string): void {
    const task: RunningTask = { title, counts: { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, ignored: 0 }, details: [], rendered: Promise.resolve() };
    const finished = new Promise<void>((resolve) => (task.finish = resolve));
    const list = new Listr(
      [
        {
          title,
          task: async (_context, wrapper) => {
            task.wrapper = wrapper as unknown as ListrTaskWrapper<unknown, never, never>;
            await finished;
            wrapper.title = `${title}  ${summary(task.counts)}`;
            if (task.counts.failed > task.counts.ignored || task.counts.unreachable) throw new Error(`${task.counts.failed - task.counts.ignored + task.counts.unreachable} host(s) did not succeed`);
            if (task.counts.skipped && !task.counts.ok && !task.counts.changed && !task.counts.failed) wrapper.skip(`${title}  ${summary(task.counts)}`);
          },
        },
      ],
      { exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseErrors: false } },
    );
    // the live line starts after what was written before it
    task.rendered = this.output.then(async () => {
      await list.run().catch(() => undefined);
    });
    this.output = task.rendered.then(() => {
      for (const text of task.details) this.write(text);
    });
    this.task = task;
  }

  private endTask(): void {
    const task = this.task;
    if (!task) return;
    this.task = undefined;
    task.finish?.();
  }
}
