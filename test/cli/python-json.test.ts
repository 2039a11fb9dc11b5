/** Results printed as Ansible's callbacks print them, and ad-hoc module arguments read as Ansible reads them. */
import { pythonJson } from '../../src/cli/output/python-json.js';
import { moduleArguments } from '../../src/engine/adhoc-module.js';

describe("Python's json.dumps with sort_keys", () => {
  it.each<[unknown, number, string]>([
    [{ ping: 'pong', changed: false }, 0, '{"changed": false,"ping": "pong"}'],
    [{ b: { z: 1, a: [1, {}] }, a: [] }, 0, '{"a": [],"b": {"a": [1,{}],"z": 1}}'],
    [{ b: 1, a: { d: 'x\ny', c: null } }, 4, '{\n    "a": {\n        "c": null,\n        "d": "x\\ny"\n    },\n    "b": 1\n}'],
  ])('%j, indent %d', (value, indent, expected) => {
    expect(pythonJson(value, indent)).toBe(expected);
  });
});

describe('ad-hoc module arguments', () => {
  it.each<[string, Record<string, unknown>]>([
    ['', {}],
    ['path=/etc state=directory', { path: '/etc', state: 'directory' }],
    ["msg='hello world'", { msg: 'hello world' }],
    ['{"path": "/etc", "follow": true}', { path: '/etc', follow: true }],
  ])('%s', (text, expected) => {
    expect(moduleArguments(text)).toEqual(expected);
  });
});
