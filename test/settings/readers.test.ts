/**
 * The two readers of a settings file (js-yaml for speed, the yaml package for places) must read
 * the same data, with PyYAML's YAML 1.1 types; what the quick reader leaves to the careful one
 * (aliases, duplicate keys, syntax errors, unknown tags) is left to it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPyFloat } from '../../src/formats/py-float.js';
import { quickLoad } from '../../src/settings/fast-yaml.js';
import { parseSettingsText } from '../../src/settings/source.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = fs.readdirSync(path.join(repo, 'test/fixtures/settings')).map((f) => path.join('test/fixtures/settings', f));

describe.each([...fixtures, 'examples/platform/deployment.yml'])('%s', (file) => {
  it('reads the same data both ways', () => {
    const text = fs.readFileSync(path.join(repo, file), 'utf8');
    expect(quickLoad(text)).toEqual(parseSettingsText(text).data);
  });
});

describe('YAML 1.1 scalars as PyYAML reads them', () => {
  it.each<[string, unknown]>([
    ['yes', true],
    ['No', false],
    ['on', true],
    ['OFF', false],
    ['y', 'y'],
    ['~', null],
    ['', null],
    ['0777', 511],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['1:30', 90],
    ['-12', -12],
    ['1.5', 1.5],
    ['1e3', '1e3'],
    ['2.5e-1', 0.25],
    ['.inf', Infinity],
    ['3.8.4', '3.8.4'],
    ['2026-12-01', '2026-12-01'],
    ["'2181'", '2181'],
    ['"yes"', 'yes'],
  ])('value: %s', (scalar, value) => {
    const text = `value: ${scalar}\n`;
    expect(quickLoad(text)).toEqual({ value });
    expect(parseSettingsText(text).data).toEqual({ value });
  });

  it('keeps 2.0 a float in both readers', () => {
    for (const data of [quickLoad('v: 2.0\n'), parseSettingsText('v: 2.0\n').data] as { v: unknown }[]) {
      expect(isPyFloat(data.v)).toBe(true);
      expect(String(data.v)).toBe('2.0');
    }
  });

  it('applies merge keys the same way', () => {
    const text = 'base: &b { port: 1, host: a }\nnode: { <<: *b, port: 2 }\n';
    // aliases go to the careful reader, which guards their expansion
    expect(quickLoad(text)).toBeUndefined();
    expect(parseSettingsText(text).data).toEqual({ base: { port: 1, host: 'a' }, node: { port: 2, host: 'a' } });
  });
});

describe('what the quick reader leaves to the careful one', () => {
  it.each([
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['a tag it does not know', 'a: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n'],
  ])('%s', (_name, text) => {
    expect(quickLoad(text)).toBeUndefined();
  });

  it('an alias bomb is stopped by the careful reader, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const source = parseSettingsText(`${levels.join('\n')}\n`);
    expect(source.data).toBeUndefined();
    expect(source.issues).toEqual([expect.objectContaining({ message: expect.stringMatching(/^YAML aliases expand more than 10000 times/) })]);
  });
});
