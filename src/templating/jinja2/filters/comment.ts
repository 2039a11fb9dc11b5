/** Ansible's comment filter: text as a comment block in a style (plain, erlang, c, cblock, xml), each part overridable. */
import { PythonError } from '../errors.js';
import { repr, str, truthy, typeName } from '../values.js';

const STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

/** Python's str.rstrip() of whitespace. */
const rstrip = (text: string) => text.replace(/\s+$/, '');

export function comment(text: unknown, style: unknown, options: Record<string, unknown>): string {
  const styleParams = STYLES[str(style)];
  if (!styleParams) throw new PythonError('KeyError', repr(style));
  const around = str('decoration' in options ? options.decoration : styleParams.decoration);
  const p: Record<string, unknown> = { newline: '\n', beginning: '', prefix: rstrip(around), prefix_count: 1, decoration: '', postfix: rstrip(around), postfix_count: 1, end: '', ...styleParams, ...options };
  const [newline, decoration] = [str(p.newline), str(p.decoration)];
  if (typeof text !== 'string') throw new PythonError('AttributeError', `'${typeName(text)}' object has no attribute 'replace'`);
  const beginning = truthy(p.beginning) ? `${str(p.beginning)}${newline}` : '';
  const prefix = truthy(p.prefix) ? (str(p.prefix) !== newline ? `${str(p.prefix)}${newline}` : newline).repeat(Math.max(0, Math.trunc(Number(p.prefix_count)))) : '';
  // each line behind the decoration, which loses its trailing spaces on a line of its own
  const body = `${decoration}${text.split(newline).join(`${newline}${decoration}`)}`.split(`${decoration}${newline}`).join(`${rstrip(decoration)}${newline}`);
  const postfix = `${newline}${str(p.postfix)}`.repeat(Math.max(0, Math.trunc(Number(p.postfix_count))));
  const end = truthy(p.end) ? `${newline}${str(p.end)}` : '';
  return beginning + prefix + body + postfix + end;
}
