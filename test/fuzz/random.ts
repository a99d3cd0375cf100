import { isUtf8 } from 'node:buffer';

/**
 * The fuzz suite's randomness and its JSON-ish values. Everything drawn here comes from one seeded
 * stream per case (`Rng.for(seed, lane, index)`), so a case can be generated again, alone, from
 * the numbers a report prints.
 */

/** mulberry32: a 32-bit seeded PRNG, small enough to own, good enough to fuzz with. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn (seed, lane, index) into an independent stream per case. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private constructor(readonly next: () => number) {}

  static for(seed: number, lane: string, index: number): Rng {
    return new Rng(mulberry32(hash32(`${seed}:${lane}:${index}`)));
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /** Any UTF-16 code units, lone surrogates included: what a buggy or hostile client can put in a JS string. */
  unicode(maxLength: number): string {
    const length = this.int(maxLength + 1);
    let out = '';
    for (let i = 0; i < length; i++) {
      const kind = this.int(6);
      if (kind === 0) out += String.fromCharCode(this.int(0x20));
      else if (kind === 1) out += String.fromCharCode(0x20 + this.int(0x5f));
      else if (kind === 2) out += String.fromCharCode(0x80 + this.int(0x780));
      else if (kind === 3) out += String.fromCharCode(0xd800 + this.int(0x800));
      else if (kind === 4) out += String.fromCodePoint(0x10000 + this.int(0xfffff));
      else out += this.pick(['\u200b', '\u202e', '\ufeff', '\u0301', '\uffff', '\ufffe', '\u2028', '\u0000']);
    }
    return out;
  }
}

/** A literal copied into the JSON text as is: numbers JSON.stringify cannot write, or broken syntax. */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object as a list of entries, so a frame can carry duplicate keys and an own `__proto__`. */
export class Obj {
  constructor(readonly entries: Array<[string, Val]>) {}

  static from(plain: Record<string, unknown>): Obj {
    return new Obj(Object.entries(plain).map(([key, value]) => [key, toVal(value)]));
  }
}

export type Val = null | boolean | number | string | Raw | Obj | Val[];

function toVal(value: unknown): Val {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toVal);
  if (typeof value === 'object') return Obj.from(value as Record<string, unknown>);
  throw new Error(`not a JSON value: ${String(value)}`);
}

export function writeJson(value: Val): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  return JSON.stringify(value);
}

export const WEIRD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'then', 'toJSON', 'valueOf', '', ' type', 'type\u0000'];

const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '😀',
  'e\u0301',
  '\u202eevil',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '__proto__',
  'constructor',
  '\r\n\r\n',
  'null',
  'NaN',
  '{"type":"hello"}',
  'hello',
  'agent',
  'visitor',
  'message.send',
  'en',
  'pt-BR',
];

const WEIRD_NUMBERS = [0, -0, -1, 1, 1.5, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, 5e-324];

const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', `1${'0'.repeat(400)}`, `0.${'0'.repeat(400)}1`, '-0', '1E+2', '0x10', 'NaN', 'Infinity', '01', '.5', '1.'];

/** Any value a client could send, nested up to `depth`. */
export function randomVal(rng: Rng, depth = 2): Val {
  switch (rng.int(depth > 0 ? 10 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(WEIRD_NUMBERS);
    case 3:
      return rng.chance(0.5) ? rng.int(1000) : (rng.next() - 0.5) * 10 ** rng.int(20);
    case 4:
      return rng.pick(WEIRD_STRINGS);
    case 5:
      return rng.unicode(40);
    case 6:
      return rng.chance(0.7) ? new Raw(rng.pick(RAW_NUMBERS)) : 'x'.repeat(rng.pick([64, 65, 129, 257, 4000, 4001, 10_000]));
    case 7:
      return rng.chance(0.5) ? [] : new Obj([]);
    case 8:
      return Array.from({ length: rng.int(4) }, () => randomVal(rng, depth - 1));
    default:
      return new Obj(Array.from({ length: rng.int(4) }, () => [rng.chance(0.4) ? rng.pick(WEIRD_KEYS) : rng.unicode(8), randomVal(rng, depth - 1)]));
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` around a value: parsers and validators that recurse meet their limit. */
export function deepNest(rng: Rng, depth: number, inner: Val = 1): Raw {
  const inside = writeJson(inner);
  return rng.chance(0.5) ? new Raw(`${'['.repeat(depth)}${inside}${']'.repeat(depth)}`) : new Raw(`${'{"a":'.repeat(depth)}${inside}${'}'.repeat(depth)}`);
}

/** One to three structural changes to a valid frame: dropped, retyped, extra and duplicated fields. */
export function mutateObj(rng: Rng, frame: Obj, knownTypes: readonly string[]): Val {
  let entries = [...frame.entries];
  const rounds = rng.range(1, 3);
  for (let round = 0; round < rounds; round++) {
    const at = entries.length === 0 ? 0 : rng.int(entries.length);
    const entry = entries[at];
    switch (rng.int(10)) {
      case 0:
        entries.splice(at, 1);
        break;
      case 1:
      case 2:
        if (entry !== undefined) entries[at] = [entry[0], randomVal(rng)];
        break;
      case 3:
        entries.push([rng.pick(WEIRD_KEYS), randomVal(rng)]);
        break;
      case 4:
        entries.push([rng.unicode(12), randomVal(rng)]);
        break;
      case 5:
        // A duplicate key: JSON.parse keeps the last one, a validator that sees the first would not.
        if (entry !== undefined) entries.push([entry[0], randomVal(rng)]);
        break;
      case 6:
        entries = entries.filter(([key]) => key !== 'type');
        entries.push(['type', rng.chance(0.6) ? rng.pick(knownTypes) : randomVal(rng)]);
        break;
      case 7:
        if (entry !== undefined) entries[at] = [entry[0], deepNest(rng, rng.pick([2, 50, 1000, 5000]), entry[1])];
        break;
      case 8:
        if (entry !== undefined && typeof entry[1] === 'string') entries[at] = [entry[0], entry[1] + rng.unicode(20)];
        break;
      default:
        entries.push(['__proto__', Obj.from({ polluted: true, isAdmin: true, role: 'admin' })]);
        break;
    }
  }
  const mutated = new Obj(entries);
  switch (rng.int(14)) {
    case 0:
      return [mutated];
    case 1:
      return writeJson(mutated);
    case 2:
      return new Obj([['frame', mutated]]);
    default:
      return mutated;
  }
}

/** Byte-level damage to a JSON text: truncation, stray bytes, invalid UTF-8, huge literals. */
export function mutateText(rng: Rng, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = rng.int(bytes.length + 1);
  switch (rng.int(10)) {
    case 0:
      return bytes.subarray(0, at);
    case 1:
      return Buffer.concat([bytes.subarray(0, at), rng.bytes(rng.range(1, 4)), bytes.subarray(at)]);
    case 2:
      // Invalid UTF-8: a lone surrogate in CESU-8, an overlong NUL, a stray continuation byte, 0xFF.
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(rng.pick([[0xed, 0xa0, 0x80], [0xc0, 0x80], [0x80], [0xff], [0xf4, 0x90, 0x80, 0x80]])), bytes.subarray(at)]);
    case 3: {
      const copy = Buffer.from(bytes);
      for (let i = 0; i < rng.range(1, 3) && copy.length > 0; i++) copy[rng.int(copy.length)] = rng.int(256);
      return copy;
    }
    case 4:
      return Buffer.from(text.replace(/\d+/, rng.pick(RAW_NUMBERS)), 'utf8');
    case 5:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 6:
      return Buffer.concat([bytes, Buffer.from(rng.pick([' ', '\n', 'x', '}', ',{}', '\u0000', `${text}`]), 'utf8')]);
    case 7: {
      const end = Math.min(bytes.length, at + rng.range(1, 20));
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]);
    }
    case 8:
      return Buffer.from(text.replace(/"([^"\\]*)"/, (_m, inner: string) => `"${inner}\\ud800"`), 'utf8');
    default:
      return Buffer.from(`${' '.repeat(rng.int(4))}${text}${'\t'.repeat(rng.int(4))}`, 'utf8');
  }
}

/** Percent-encodes every UTF-8 byte; unlike encodeURIComponent it takes lone surrogates (as U+FFFD). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Bytes as text when they are UTF-8, else as `base64:…`, so a report can be replayed exactly. */
export function printable(data: Buffer, max = 600): string {
  return isUtf8(data) ? clip(data.toString('utf8'), max) : `base64:${clip(data.toString('base64'), max)}`;
}

/** Text cut to `max` characters, saying how long it was. */
export function clip(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars in all)` : text;
}

/** A printable, JSON-safe rendering of bytes for reports, cut to `max` characters. */
export function show(data: Buffer | string, max = 600): string {
  const text = typeof data === 'string' ? data : data.toString(isUtf8(data) ? 'utf8' : 'latin1');
  const shown = JSON.stringify(text.length > max ? text.slice(0, max) : text);
  return text.length > max ? `${shown}…(${text.length} chars in all)` : shown;
}
