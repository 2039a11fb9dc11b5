/**
 * What a deploy, restart or rollback shows while it runs: on a terminal or in a pipe, the
 * playbook output with `== component` and `-- component: phase` lines and a summary; with
 * `--json`, one JSON object per line (events for machines: each component's start and end, each
 * rollout phase, each host's task result, the plan, the pre-flight, and the journal record).
 */
import chalk from 'chalk';
import type { ComponentStep } from '../../engine/deploy/plan.js';
import type { StepResult } from '../../engine/deploy/run.js';
import type { PlaybookEvent } from '../../engine/playbook/events.js';
import type { PreflightReport } from '../../engine/preflight/check.js';
import type { DeployPreview } from '../../engine/rollout/preview.js';
import type { JournalRecord } from '../../state/journal.js';
import type { BatchEvent } from '../../engine/rollout/batches.js';
import { BatchView } from './batch-view.js';
import { PlaybookPrinter } from './playbook-output.js';
import { PlaybookProgress } from './playbook-progress.js';
import { planLines } from './plan-output.js';
import { preflightLines } from './preflight-output.js';

export interface DeployReporter {
  /** These components run at the same time now. */
  layer(steps: ComponentStep[]): void;
  stepStart(step: ComponentStep, verb: string, hosts: string[]): void;
  rollout(step: ComponentStep, text: string, batch?: BatchEvent): void;
  stepEnd(step: ComponentStep, result: StepResult): void;
  playbook(step: ComponentStep, event: PlaybookEvent): void;
  plan(preview: DeployPreview): void;
  preflight(report: PreflightReport): void;
  /** The run is over: the live view ends, the summary is shown. */
  done(record: JournalRecord, summary: string[], journal?: string): Promise<void>;
  /** After Ctrl-C: nothing more is shown but the end. */
  quiet(): void;
  /** A live view is drawn (the cursor must be given back on an interrupt). */
  readonly live: boolean;
}

export class TerminalReporter implements DeployReporter {
  private printer: PlaybookProgress | PlaybookPrinter;
  /** A batch drawn live (listr2): its restart's playbook events go to it, not to the printer. */
  private batch?: BatchView;
  /** Everything written before the next live view starts. */
  private written: Promise<void> = Promise.resolve();
  private stopped = false;
  /**
   * While several components run at once: each one's playbook output, kept until it ends and
   * then shown under its name (their phases are shown as they happen, each line naming its
   * component); the live batch view is for one component at a time.
   */
  private parallel: Map<string, { text: string[]; printer: PlaybookPrinter }> | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly color: boolean,
    readonly live: boolean,
  ) {
    this.printer = live ? new PlaybookProgress(write, color) : new PlaybookPrinter(write, color, 0);
  }

  private heading(mark: string, step: ComponentStep): string {
    return this.color ? chalk.bold(`${mark} ${step.component}`) : `${mark} ${step.component}`;
  }

  /** A line in turn with the live view. */
  private line(text: string): void {
    if (this.printer instanceof PlaybookProgress) this.printer.print(text);
    else this.write(text);
  }

  layer(steps: ComponentStep[]): void {
    if (steps.length < 2) {
      this.parallel = undefined;
      return;
    }
    this.parallel = new Map(
      steps.map((step) => {
        const text: string[] = [];
        return [step.component, { text, printer: new PlaybookPrinter((t) => void text.push(t), this.color, 0) }];
      }),
    );
    this.line(`\n${this.color ? chalk.bold('==') : '=='} at the same time (none depends on another): ${steps.map((s) => s.component).join(', ')}\n`);
  }

  stepStart(step: ComponentStep, verb: string, hosts: string[]): void {
    this.line(`\n${this.heading('==', step)}: ${verb} on ${hosts.length} host${hosts.length === 1 ? '' : 's'}\n`);
  }

  rollout(step: ComponentStep, text: string, batch?: BatchEvent): void {
    if (this.stopped) return;
    if (this.parallel?.has(step.component)) {
      if (batch?.phase !== 'end' || batch.failed.length) this.line(`\n${this.heading('--', step)}: ${text}\n`);
      return;
    }
    if (this.live && batch?.phase === 'start') {
      // the printer's lines first, then the batch's live lines
      const printer = this.printer as PlaybookProgress;
      this.written = printer.done();
      this.batch = new BatchView(`${step.component}: ${text.replace(/: [^:]*$/, '')}`, batch.hosts, this.written);
      return;
    }
    if (this.live && batch?.phase === 'end' && this.batch) {
      const view = this.batch;
      this.batch = undefined;
      const ended = view.end(batch.healthy, batch.failed);
      this.printer = new PlaybookProgress(this.write, this.color);
      this.written = ended;
      this.holdUntil(ended);
      // a failure is also said in words, once the batch's lines are drawn
      if (batch.failed.length) this.line(`\n${this.heading('--', step)}: ${text}\n`);
      return;
    }
    this.line(`\n${this.heading('--', step)}: ${text}\n`);
  }

  /** The next printer writes only once the batch view is drawn. */
  private holdUntil(drawn: Promise<void>): void {
    const printer = this.printer;
    if (printer instanceof PlaybookProgress) printer.after(drawn);
  }

  stepEnd(step: ComponentStep): void {
    const own = this.parallel?.get(step.component);
    if (!own || this.stopped) return;
    this.line(`\n${this.heading('==', step)}: its tasks\n${own.text.join('')}`);
    own.text.length = 0;
  }

  playbook(step: ComponentStep, event: PlaybookEvent): void {
    if (this.stopped) return;
    const own = this.parallel?.get(step.component);
    if (own) {
      own.printer.handle(event);
      return;
    }
    if (this.batch) this.batch.handle(event);
    else this.printer.handle(event);
  }

  plan(preview: DeployPreview): void {
    this.write(`${planLines(preview, this.color).join('\n')}\n`);
  }

  preflight(report: PreflightReport): void {
    this.write(`${preflightLines(report, this.color).join('\n')}\n`);
  }

  async done(_record: JournalRecord, summary: string[], journal?: string): Promise<void> {
    if (this.batch) await this.batch.end([], []);
    await this.written;
    if (this.printer instanceof PlaybookProgress) await this.printer.done();
    this.write(`\n${summary.join('\n')}\n`);
    if (journal) this.write(`journal: ${journal}\n`);
  }

  quiet(): void {
    this.stopped = true;
  }
}

/** NDJSON on stdout: `{"event": ..., ...}` per line. */
export class JsonReporter implements DeployReporter {
  readonly live = false;

  layer(steps: ComponentStep[]): void {
    this.emit('layer', { components: steps.map((s) => s.component) });
  }
  /** component → its running task, and when it started. */
  private readonly task = new Map<string, { name: string; started: number }>();

  constructor(private readonly write: (text: string) => void) {}

  private emit(event: string, fields: Record<string, unknown>): void {
    this.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`);
  }

  stepStart(step: ComponentStep, verb: string, hosts: string[]): void {
    this.emit('component', { component: step.component, action: verb, hosts });
  }

  rollout(step: ComponentStep, text: string): void {
    this.emit('rollout', { component: step.component, text });
  }

  stepEnd(step: ComponentStep, result: StepResult): void {
    this.emit('component-end', { component: step.component, exitCode: result.exitCode, halted: Boolean(result.halted), hosts: Object.fromEntries(result.hosts) });
  }

  playbook(step: ComponentStep, event: PlaybookEvent): void {
    if (event.type === 'task-start') this.task.set(step.component, { name: event.name, started: Date.now() });
    if (event.type !== 'host-result' || event.item) return;
    const msg = event.result.msg;
    const task = this.task.get(step.component);
    this.emit('task', {
      component: step.component,
      task: task?.name ?? '',
      host: event.host,
      status: event.status,
      // from the task's start to this host's result (hosts run a task at once: the slowest is the task's time)
      ms: task ? Date.now() - task.started : 0,
      ...(event.ignored ? { ignored: true } : {}),
      ...(typeof msg === 'string' && msg && event.status !== 'ok' ? { msg } : {}),
    });
  }

  plan(preview: DeployPreview): void {
    this.emit('plan', { components: preview.components, policy: preview.policy });
  }

  preflight(report: PreflightReport): void {
    this.emit('preflight', { ...report });
  }

  async done(record: JournalRecord, _summary: string[], journal?: string): Promise<void> {
    this.emit('record', { record, ...(journal ? { journal } : {}) });
  }

  quiet(): void {}
}
