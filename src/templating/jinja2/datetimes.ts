/**
 * Python's datetime.datetime and datetime.timedelta as far as templates use them: `to_datetime`
 * (strptime), `now()`, the `strftime` filter, subtraction (`(a | to_datetime) - (b | to_datetime)`
 * is a timedelta with `.days`, `.seconds`, `.total_seconds()`), comparison, and Python's str and
 * repr. Datetimes are naive, as those filters make them; counted in microseconds since 1970.
 */
import { PyFunction } from './callables.js';
import { valueError } from './errors.js';
import { pyFloat } from '../../formats/py-float.js';

const US_PER_DAY = 86_400_000_000;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

/** The calendar fields of a count of microseconds (proleptic Gregorian, as Python's). */
interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

function fieldsOf(us: number): Fields {
  const ms = Math.floor(us / 1000);
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), microsecond: us - ms * 1000 + date.getUTCMilliseconds() * 1000 };
}

function microsecondsOf(f: Fields): number {
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, 0);
  return date.getTime() * 1000 + f.microsecond;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const weekday = (f: Fields) => (new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay() + 6) % 7; // Monday 0
const dayOfYear = (f: Fields) => Math.round((Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000) + 1;

export class PyTimedelta {
  readonly pythonType = 'datetime.timedelta';
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;
  constructor(readonly total: number) {
    this.days = Math.floor(total / US_PER_DAY);
    const rest = total - this.days * US_PER_DAY;
    this.seconds = Math.floor(rest / 1_000_000);
    this.microseconds = rest - this.seconds * 1_000_000;
  }
  attribute(name: string): unknown {
    if (name === 'days' || name === 'seconds' || name === 'microseconds') return this[name];
    if (name === 'total_seconds') return new PyFunction('total_seconds', () => pyFloat(this.total / 1_000_000));
    return undefined;
  }
  pythonRepr(): string {
    const parts = [this.days ? `days=${this.days}` : '', this.seconds ? `seconds=${this.seconds}` : '', this.microseconds ? `microseconds=${this.microseconds}` : ''].filter(Boolean);
    return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
  }
  pythonStr(): string {
    const clock = `${Math.floor(this.seconds / 3600)}:${pad(Math.floor(this.seconds / 60) % 60)}:${pad(this.seconds % 60)}${this.microseconds ? `.${pad(this.microseconds, 6)}` : ''}`;
    return this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${clock}` : clock;
  }
}

export class PyDateTime {
  readonly pythonType = 'datetime.datetime';
  readonly fields: Fields;
  constructor(readonly us: number) {
    this.fields = fieldsOf(us);
  }
  attribute(name: string): unknown {
    if (name in this.fields) return this.fields[name as keyof Fields];
    switch (name) {
      case 'strftime':
        return new PyFunction('strftime', (args) => strftime(String(args[0]), this.fields, true));
      case 'isoformat':
        return new PyFunction('isoformat', (args) => this.text(args[0] === undefined ? 'T' : String(args[0])));
      case 'timestamp':
        // a naive datetime is local time to Python
        return new PyFunction('timestamp', () => pyFloat(localMicroseconds(this.fields) / 1_000_000));
      case 'weekday':
        return new PyFunction('weekday', () => weekday(this.fields));
      case 'isoweekday':
        return new PyFunction('isoweekday', () => weekday(this.fields) + 1);
      default:
        return undefined;
    }
  }
  private text(separator: string): string {
    const f = this.fields;
    return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}${separator}${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${f.microsecond ? `.${pad(f.microsecond, 6)}` : ''}`;
  }
  pythonRepr(): string {
    const f = this.fields;
    const parts = [f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond];
    if (parts.at(-1) === 0) parts.pop();
    if (parts.at(-1) === 0) parts.pop();
    return `datetime.datetime(${parts.join(', ')})`;
  }
  pythonStr(): string {
    return this.text(' ');
  }
}

function localMicroseconds(f: Fields): number {
  return new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second).getTime() * 1000 + f.microsecond;
}

/** datetime.now() (local time) or utcnow(). */
export function now(utc: boolean): PyDateTime {
  const date = new Date();
  const us = date.getTime() * 1000;
  return new PyDateTime(utc ? us : us - date.getTimezoneOffset() * 60_000_000);
}

/** The fields of a time.localtime(seconds) or gmtime(seconds), as the strftime filter reads them. */
export function timeFields(seconds: number, utc: boolean): Fields {
  const us = Math.floor(seconds) * 1_000_000;
  return fieldsOf(utc ? us : us - new Date(us / 1000).getTimezoneOffset() * 60_000_000);
}

/** Python's strftime with glibc's directives in the C locale; `%f` is datetime's (time.strftime leaves it). */
export function strftime(format: string, f: Fields, withMicroseconds: boolean): string {
  const hour12 = f.hour % 12 || 12;
  const day = weekday(f);
  const yday = dayOfYear(f);
  const sundayWeek = Math.floor((yday + 6 - ((day + 1) % 7)) / 7);
  const mondayWeek = Math.floor((yday + 6 - day) / 7);
  const directive = (c: string): string => {
    switch (c) {
      case 'a': return DAYS[day]!.slice(0, 3);
      case 'A': return DAYS[day]!;
      case 'b': case 'h': return MONTHS[f.month - 1]!.slice(0, 3);
      case 'B': return MONTHS[f.month - 1]!;
      case 'c': return `${directive('a')} ${directive('b')} ${pad(f.day, 2, ' ')} ${directive('T')} ${f.year}`;
      case 'C': return pad(Math.floor(f.year / 100));
      case 'd': return pad(f.day);
      case 'D': case 'x': return `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`;
      case 'e': return pad(f.day, 2, ' ');
      case 'f': return withMicroseconds ? pad(f.microsecond, 6) : '%f';
      case 'F': return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
      case 'H': return pad(f.hour);
      case 'I': return pad(hour12);
      case 'j': return pad(yday, 3);
      case 'k': return pad(f.hour, 2, ' ');
      case 'l': return pad(hour12, 2, ' ');
      case 'm': return pad(f.month);
      case 'M': return pad(f.minute);
      case 'n': return '\n';
      case 'p': return f.hour < 12 ? 'AM' : 'PM';
      case 'R': return `${pad(f.hour)}:${pad(f.minute)}`;
      case 's': return String(Math.floor(localMicroseconds(f) / 1_000_000));
      case 'S': return pad(f.second);
      case 't': return '\t';
      case 'T': case 'X': return `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
      case 'u': return String(day + 1);
      case 'U': return pad(sundayWeek);
      case 'w': return String((day + 1) % 7);
      case 'W': return pad(mondayWeek);
      case 'y': return pad(f.year % 100);
      case 'Y': return String(f.year);
      case 'z': case 'Z': return '';
      case '%': return '%';
      default: return `%${c}`;
    }
  };
  return format.replace(/%(.)/gs, (_m, c: string) => directive(c));
}

/** What each strptime directive matches (Python's _strptime patterns). */
const PATTERNS: Record<string, string> = {
  d: '(?<d>3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '(?<f>[0-9]{1,6})',
  H: '(?<H>2[0-3]|[0-1]\\d|\\d)',
  I: '(?<I>1[0-2]|0[1-9]|[1-9])',
  j: '(?<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(?<m>1[0-2]|0[1-9]|[1-9])',
  M: '(?<M>[0-5]\\d|\\d)',
  S: '(?<S>6[0-1]|[0-5]\\d|\\d)',
  y: '(?<y>\\d\\d)',
  Y: '(?<Y>\\d\\d\\d\\d)',
  b: `(?<b>${MONTHS.map((m) => m.slice(0, 3).toLowerCase()).join('|')})`,
  B: `(?<B>${MONTHS.map((m) => m.toLowerCase()).join('|')})`,
  a: `(?<a>${DAYS.map((d) => d.slice(0, 3).toLowerCase()).join('|')})`,
  A: `(?<A>${DAYS.map((d) => d.toLowerCase()).join('|')})`,
  p: '(?<p>am|pm)',
  '%': '%',
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** datetime.strptime(text, format), with Python's errors. */
export function strptime(text: string, format: string): PyDateTime {
  let source = '';
  const seen = new Set<string>();
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%' && i + 1 < format.length) {
      const d = format[++i]!;
      const pattern = PATTERNS[d === 'h' ? 'b' : d];
      if (!pattern) throw valueError(`'${d}' is a bad directive in format '${format}'`);
      // a directive given twice is a redefinition of a group in Python's regex
      if (seen.has(d) && d !== '%') throw new Error(`redefinition of group name '${d}'`);
      seen.add(d);
      source += d === 'h' ? pattern.replace('?<b>', '?<h>') : pattern;
    } else if (/\s/.test(c)) {
      source += '\\s+';
      while (i + 1 < format.length && /\s/.test(format[i + 1]!)) i++;
    } else source += escape(c);
  }
  const match = new RegExp(`^${source}`, 'i').exec(text);
  if (!match) throw valueError(`time data '${text}' does not match format '${format}'`);
  if (match[0].length < text.length) throw valueError(`unconverted data remains: ${text.slice(match[0].length)}`);
  const g = match.groups ?? {};
  const year = g.Y !== undefined ? Number(g.Y) : g.y !== undefined ? (Number(g.y) <= 68 ? 2000 : 1900) + Number(g.y) : 1900;
  const monthName = (g.B ?? g.b ?? g.h)?.toLowerCase();
  let month = g.m !== undefined ? Number(g.m) : monthName ? MONTHS.findIndex((m) => m.toLowerCase().startsWith(monthName)) + 1 : 1;
  let day = g.d !== undefined ? Number(g.d) : 1;
  let hour = g.H !== undefined ? Number(g.H) : 0;
  if (g.I !== undefined) hour = (Number(g.I) % 12) + (g.p?.toLowerCase() === 'pm' ? 12 : 0);
  if (g.j !== undefined && g.m === undefined && g.d === undefined) {
    const date = new Date(Date.UTC(year, 0, Number(g.j)));
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  if (day > daysInMonth(year, month)) throw valueError('day is out of range for month');
  const microsecond = g.f !== undefined ? Number(g.f.padEnd(6, '0')) : 0;
  return new PyDateTime(microsecondsOf({ year, month, day, hour, minute: g.M !== undefined ? Number(g.M) : 0, second: g.S !== undefined ? Number(g.S) : 0, microsecond }));
}

/** `-` and `+` between datetimes and timedeltas; undefined when neither operand is one. */
export function dateArithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '-' && a instanceof PyDateTime && b instanceof PyDateTime) return new PyTimedelta(a.us - b.us);
  if (op === '-' && a instanceof PyDateTime && b instanceof PyTimedelta) return new PyDateTime(a.us - b.total);
  if (op === '+' && a instanceof PyDateTime && b instanceof PyTimedelta) return new PyDateTime(a.us + b.total);
  if (op === '+' && a instanceof PyTimedelta && b instanceof PyDateTime) return new PyDateTime(b.us + a.total);
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return op === '+' ? new PyTimedelta(a.total + b.total) : op === '-' ? new PyTimedelta(a.total - b.total) : undefined;
  return undefined;
}

/** The number a datetime or timedelta compares by, undefined for other values. */
export function dateOrder(value: unknown): number | undefined {
  return value instanceof PyDateTime ? value.us : value instanceof PyTimedelta ? value.total : undefined;
}
