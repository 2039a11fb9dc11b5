/**
 * A task's overall result as Ansible's task executor and strategy make it: a loop's summary from
 * its items (key order too, since to_json shows it), what `register` keeps of a result, the
 * failure of a task whose arguments raise a Python exception while templated, and whether a
 * result counts as failed (TaskResult.is_failed).
 */
import { loopSummary } from '../../src/engine/playbook/loop-summary.js';
import { registeredValue } from '../../src/engine/playbook/registered.js';
import { argumentsFailure } from '../../src/engine/playbook/task-errors.js';
import { isFailed } from '../../src/engine/playbook/task-status.js';
import { renderString } from '../../src/templating/jinja.js';

describe('loopSummary', () => {
  it.each([
    ['no items', [], { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] }],
    ['all ok', [{ changed: false }], { results: [{ changed: false }], skipped: false, msg: 'All items completed', changed: false }],
    ['one changed', [{ changed: false }, { changed: true }], { results: [{ changed: false }, { changed: true }], skipped: false, changed: true, msg: 'All items completed' }],
    ['all skipped', [{ skipped: true }], { results: [{ skipped: true }], skipped: true, msg: 'All items skipped', changed: false }],
    ['one failed', [{ failed: true }, { skipped: true }], { results: [{ failed: true }, { skipped: true }], skipped: false, failed: true, msg: 'One or more items failed', changed: false }],
  ])('%s', (_name, results, expected) => {
    const summary = loopSummary(results);
    expect(summary).toEqual(expected);
    expect(Object.keys(summary)).toEqual(Object.keys(expected));
  });
});

describe('registeredValue', () => {
  it.each([
    [{ msg: 'x', _ansible_verbose_always: true }, { msg: 'x' }],
    [{ rc: 0, invocation: { module_args: {} } }, { rc: 0 }],
    [{ results: [{ item: 1, _ansible_no_log: false, data: { _ansible_x: 1, y: [{ _ansible_z: 2 }] } }] }, { results: [{ item: 1, data: { y: [{}] } }] }],
    // only the top level loses `invocation`
    [{ results: [{ invocation: 1 }] }, { results: [{ invocation: 1 }] }],
  ])('%j', (result, expected) => expect(registeredValue(result)).toEqual(expected));
});

describe('argumentsFailure', () => {
  const failureOf = (template: string) => {
    try {
      renderString(template, { zero: 0 });
    } catch (error) {
      return argumentsFailure(error, { msg: template }, { file: '/site.yml', line: 3 });
    }
    throw new Error(`${template} did not fail`);
  };

  it.each([
    ['{{ 5 / zero }}', 'ZeroDivisionError: division by zero'],
    ['{{ {}["k"] + 1 }}', undefined],
  ])('%s', (template, lastLine) => {
    const failure = failureOf(template);
    if (lastLine === undefined) expect(failure).toBeUndefined();
    else {
      expect(failure).toEqual({ changed: false, failed: true, exception: expect.stringMatching(/^Traceback \(most recent call last\):\n/) });
      expect((failure!.exception as string).trim().split('\n').at(-1)).toBe(lastLine);
    }
  });

  it('leaves a TypeError to the templar, which words it', () => expect(failureOf("{{ 'a' + zero }}")).toBeUndefined());

  it("words a ValueError as the task's post_validate does: its args field has an invalid value", () => {
    const template = "{{ '2016-02-30' | to_datetime('%Y-%m-%d') }}";
    expect(failureOf(template)).toEqual({
      failed: true,
      msg: `the field 'args' has an invalid value ({'msg': "${template}"}), and could not be converted to an dict.The error was: day is out of range for month\n\nThe error appears to be in '/site.yml': line 3`,
    });
  });
});

describe('isFailed', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['failed', { failed: true }, true],
    ['not failed', { failed: false }, false],
    ['nothing said', { changed: true }, false],
    // retries ran out (failed) but failed_when did not hold: a success
    ['failed_when decides', { failed: true, failed_when_result: false }, false],
    ['failed_when holds', { failed: false, failed_when_result: true }, true],
    ['a failed item', { results: [{ failed: false }, { failed: true }] }, true],
    ['items judged by failed_when', { failed: true, results: [{ failed: true, failed_when_result: false }, { failed: false }] }, false],
    ['an item whose failed_when holds', { results: [{ failed_when_result: false }, { failed_when_result: true }] }, true],
  ])('%s', (_name, result, expected) => expect(isFailed(result)).toBe(expected));
});
