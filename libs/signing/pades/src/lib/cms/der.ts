/**
 * Minimal DER encoder / TLV reader.
 *
 * We build the CMS SignedData byte by byte (node-forge's pkcs7 writes an empty
 * signing-certificate-v2 attribute, and re-encoding parsed structures could alter
 * signed bytes). Reading works on raw byte slices so signed data is never re-encoded.
 */

export interface Tlv {
  /** Full identifier octet (class + constructed bit + tag number; single-byte tags only). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  const bytes: number[] = [];
  let n = len;
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
export const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);
/** DER SET OF: elements sorted by their encodings (X.690 11.6). */
export const setOf = (items: Buffer[]): Buffer => set(...[...items].sort(Buffer.compare));
export const octetString = (b: Buffer): Buffer => tlv(0x04, b);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Buffer => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
/** Context-specific constructed [n]. */
export const ctx = (n: number, ...c: Buffer[]): Buffer => tlv(0xa0 | n, ...c);
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

export function integer(value: number | bigint | Buffer): Buffer {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) {
    bytes = value;
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0 && (bytes[i + 1] & 0x80) === 0) i++;
    bytes = bytes.subarray(i);
    if (bytes.length === 0) bytes = Buffer.from([0]);
    if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  } else {
    let v = BigInt(value);
    if (v < 0n) throw new Error('negative INTEGER not supported');
    const out: number[] = [];
    do {
      out.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    if (out[0] & 0x80) out.unshift(0);
    bytes = Buffer.from(out);
  }
  return tlv(0x02, bytes);
}

const oidCache = new Map<string, Buffer>();

export function oid(dotted: string): Buffer {
  let cached = oidCache.get(dotted);
  if (!cached) {
    cached = encodeOid(dotted);
    oidCache.set(dotted, cached);
  }
  return cached;
}

function encodeOid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const out: number[] = [Number(parts[0] * 40n + parts[1])];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export function decodeOid(content: Buffer): string {
  const first = content[0];
  const parts: string[] = [String(Math.floor(first / 40)), String(first % 40)];
  let v = 0n;
  for (let i = 1; i < content.length; i++) {
    v = (v << 7n) | BigInt(content[i] & 0x7f);
    if ((content[i] & 0x80) === 0) {
      parts.push(v.toString());
      v = 0n;
    }
  }
  return parts.join('.');
}

/** Generalized/UTC time encodings. */
export function generalizedTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return tlv(0x18, Buffer.from(s, 'ascii'));
}
export function utcTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z').slice(2);
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

export function decodeTime(tag: number, content: Buffer): Date {
  const s = content.toString('ascii');
  const yearRe = tag === 0x17 ? '(\\d{2})' : '(\\d{4})';
  const m = new RegExp(`^${yearRe}(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(\\.\\d+)?(Z|[+-]\\d{4})?$`).exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  let year = Number(m[1]);
  if (tag === 0x17) year += year < 50 ? 2000 : 1900;
  const iso = `${String(year).padStart(4, '0')}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${
    !m[8] || m[8] === 'Z' ? 'Z' : `${m[8].slice(0, 3)}:${m[8].slice(3)}`
  }`;
  return new Date(iso);
}

// ---------------------------------------------------------------- reading

export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new Error('DER: truncated');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags not supported');
  let p = offset + 1;
  const first = buf[p++];
  let len: number;
  if (first < 0x80) len = first;
  else {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: unsupported length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  const end = p + len;
  if (end > buf.length) throw new Error('DER: length beyond buffer');
  return { tag, start: offset, contentStart: p, end };
}

export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const t = readTlv(buf, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

export const content = (buf: Buffer, t: Tlv): Buffer => buf.subarray(t.contentStart, t.end);
export const whole = (buf: Buffer, t: Tlv): Buffer => buf.subarray(t.start, t.end);

/** Length of the first complete DER element in buf (used to strip the zero padding of /Contents). */
export function derLength(buf: Buffer): number {
  return readTlv(buf, 0).end;
}
