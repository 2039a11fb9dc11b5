/**
 * ansible.builtin.urlsplit: a URL's parts as Python's urllib.parse.urlsplit gives them (fragment,
 * hostname, netloc, password, path, port, query, scheme, username; absent ones None), or one of
 * them by name.
 */
import { FilterError, valueError } from '../errors.js';
import { str } from '../values.js';

const COMPONENTS = ['fragment', 'hostname', 'netloc', 'password', 'path', 'port', 'query', 'scheme', 'username'];

export function splitUrl(url: string): Record<string, unknown> {
  let rest = url;
  let scheme = '';
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end === -1 ? '' : rest.slice(end + 2);
  }
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash !== -1) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  let query = '';
  const question = rest.indexOf('?');
  if (question !== -1) [rest, query] = [rest.slice(0, question), rest.slice(question + 1)];
  const at = netloc.lastIndexOf('@');
  const userinfo = at === -1 ? undefined : netloc.slice(0, at);
  const hostport = at === -1 ? netloc : netloc.slice(at + 1);
  const colon = userinfo === undefined ? -1 : userinfo.indexOf(':');
  const username = userinfo === undefined ? null : colon === -1 ? userinfo : userinfo.slice(0, colon);
  const password = userinfo === undefined || colon === -1 ? null : userinfo.slice(colon + 1);
  let host: string;
  let portText: string | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    host = hostport.slice(1, close === -1 ? undefined : close);
    const after = close === -1 ? '' : hostport.slice(close + 1);
    portText = after.startsWith(':') ? after.slice(1) : undefined;
  } else {
    const c = hostport.indexOf(':');
    host = c === -1 ? hostport : hostport.slice(0, c);
    portText = c === -1 ? undefined : hostport.slice(c + 1);
  }
  let port: number | null = null;
  if (portText) {
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw valueError(`Port could not be cast to integer value as '${portText}'`);
    port = Number(portText);
  }
  return { fragment, hostname: host ? host.toLowerCase() : null, netloc, password, path: rest, port, query, scheme, username };
}

export function urlsplitFilter(value: unknown, query: unknown): unknown {
  const parts = splitUrl(str(value));
  if (!query) return parts;
  if (!COMPONENTS.includes(str(query))) throw new FilterError(`urlsplit: unknown URL component: ${str(query)}`);
  return parts[str(query)];
}
