/** Warnings are wrapped as Python's textwrap.wrap wraps them (the expected lines are Python 3.11's). */
import { wrapText } from '../../src/cli/output/textwrap.js';

const CASES: [string, number, string[]][] = [
  ["[WARNING]: conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: \"{{ foo }}\" == \"bar\"", 79, ["[WARNING]: conditional statements should not include jinja2 templating", "delimiters such as {{ }} or {% %}. Found: \"{{ foo }}\" == \"bar\""]],
  ["[WARNING]: Skipped '/nothere' path due to this access issue: '/nothere' is not a directory\n", 79, ["[WARNING]: Skipped '/nothere' path due to this access issue: '/nothere' is not", "a directory"]],
  ["[WARNING]: a well-known self-contained multi-word hyphenated-compound sentence that goes on and on past the end", 40, ["[WARNING]: a well-known self-contained", "multi-word hyphenated-compound sentence", "that goes on and on past the end"]],
  ["[WARNING]: /a/very/long/path/that/cannot/be/broken/at/spaces/because/it/has/none/at/all/really-truly-long", 30, ["[WARNING]: /a/very/long/path/t", "hat/cannot/be/broken/at/spaces", "/because/it/has/none/at/all/re", "ally-truly-long"]],
  ["[WARNING]: tabs\tand\nnew lines\r\nand  double  spaces  are   made   single -- em dash--here", 25, ["[WARNING]: tabs and new", "lines  and  double", "spaces  are   made", "single -- em dash--here"]],
  ["[WARNING]: Invalid characters were found in group names and automatic replacement will be done", 79, ["[WARNING]: Invalid characters were found in group names and automatic", "replacement will be done"]],
  ["[WARNING]: short", 79, ["[WARNING]: short"]],
  ["[WARNING]: numbers-123 and x-y-z and --flag options and a-b", 12, ["[WARNING]:", "numbers-123", "and x-y-z", "and --flag", "options and", "a-b"]],
  ["[WARNING]: Ünïcödé wörds-with-hyphens ünd mörë tëxt that wraps", 20, ["[WARNING]: Ünïcödé", "wörds-with-hyphens", "ünd mörë tëxt that", "wraps"]],
];

describe('wrapText', () => {
  it.each(CASES)('%j at %i columns', (text, width, lines) => {
    expect(wrapText(text, width)).toEqual(lines);
  });
});
