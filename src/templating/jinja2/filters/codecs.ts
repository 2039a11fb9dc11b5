/** Text to bytes and back in the encodings Python names (b64encode's and b64decode's `encoding`). */
import { PythonError } from '../errors.js';

/** Python's codec names, as its lookup normalizes them (case, `-`, `_` and spaces aside), for those Node has. */
const CODECS: Record<string, BufferEncoding | 'utf16'> = {
  utf8: 'utf8',
  u8: 'utf8',
  utf: 'utf8',
  utf16le: 'utf16le',
  utf16: 'utf16',
  latin1: 'latin1',
  latin: 'latin1',
  iso88591: 'latin1',
  l1: 'latin1',
  ascii: 'ascii',
  usascii: 'ascii',
};

function codec(encoding: string): BufferEncoding | 'utf16' {
  const found = CODECS[encoding.toLowerCase().replace(/[-_ ]/g, '')];
  if (!found) throw new PythonError('LookupError', `unknown encoding: ${encoding}`);
  return found;
}

/** str.encode(encoding): utf-16 starts with its byte order mark (little-endian, as on the machines Ansible runs). */
export function encodeText(text: string, encoding: string): Buffer {
  const name = codec(encoding);
  if (name === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (name === 'ascii' || name === 'latin1') {
    const limit = name === 'ascii' ? 0x7f : 0xff;
    const position = [...text].findIndex((c) => c.codePointAt(0)! > limit);
    if (position >= 0) throw new PythonError('UnicodeEncodeError', `'${name === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character in position ${position}: ordinal not in range(${limit + 1})`);
  }
  return Buffer.from(text, name);
}

/** bytes.decode(encoding): utf-16 reads a byte order mark when there is one. */
export function decodeText(bytes: Buffer, encoding: string): string {
  const name = codec(encoding);
  if (name !== 'utf16') return bytes.toString(name);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.subarray(bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0).toString('utf16le');
}
