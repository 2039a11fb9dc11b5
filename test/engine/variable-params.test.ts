/** A task's arguments given as one template, applied when it runs as Ansible's task executor does. */
import { applyVariableParams, ARGS_SPLAT_WARNING } from '../../src/engine/playbook/variable-params.js';

describe('variable parameters', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof applyVariableParams>]>([
    ['none', { msg: 'x' }, { args: { msg: 'x' } }],
    ['a dictionary: the arguments, those written out winning', { _variable_params: { msg: 'a', verbosity: 1 }, msg: 'b' }, { args: { msg: 'b', verbosity: 1 }, warning: ARGS_SPLAT_WARNING }],
    ['text', { _variable_params: 'garbage with a template' }, { failure: { failed: true, msg: "invalid or malformed argument: 'garbage with a template'" } }],
    ['a list', { _variable_params: [1, 'a'] }, { failure: { failed: true, msg: "invalid or malformed argument: '[1, 'a']'" } }],
  ])('%s', (_case, args, expected) => {
    expect(applyVariableParams(args)).toEqual(expected);
  });
});
