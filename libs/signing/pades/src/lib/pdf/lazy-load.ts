import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObject, PDFObjectParser, PDFRef } from 'pdf-lib';
import { XrefTail } from './incremental';

/** Thrown when the lazy path cannot serve an object: the caller falls back to a full parse. */
export class LazyLoadError extends Error {}

interface XrefEntry {
  offset: number;
  generation: number;
}

interface ByteCursor {
  moveTo(offset: number): void;
}

function tokenAt(s: string, pos: number): { token: string; end: number } {
  let p = pos;
  while (p < s.length && /\s/.test(s[p])) p++;
  let e = p;
  while (e < s.length && !/\s/.test(s[e])) e++;
  return { token: s.slice(p, e), end: e };
}

/**
 * Reads a chain of classic cross-reference sections (newest first). Returns undefined for anything
 * else (xref streams, hybrid files, encryption): those take pdf-lib's full parse.
 */
function readClassicXref(bytes: Buffer, startxref: number): { entries: Map<number, XrefEntry>; trailer: PDFDict; context: PDFContext } | undefined {
  const entries = new Map<number, XrefEntry>();
  const context = PDFContext.create();
  let newest: PDFDict | undefined;
  const seen = new Set<number>();
  let pos: number | undefined = startxref;
  while (pos !== undefined) {
    if (seen.has(pos) || pos >= bytes.length) return undefined;
    seen.add(pos);
    // a section is small relative to the file; read generously but bounded
    const s = bytes.toString('latin1', pos, Math.min(bytes.length, pos + 64 + 21 * 200_000));
    let t = tokenAt(s, 0);
    if (t.token !== 'xref') return undefined;
    for (;;) {
      t = tokenAt(s, t.end);
      if (t.token === 'trailer') break;
      const start = Number(t.token);
      const countTok = tokenAt(s, t.end);
      const count = Number(countTok.token);
      if (!Number.isInteger(start) || !Number.isInteger(count) || count < 0) return undefined;
      t = countTok;
      for (let i = 0; i < count; i++) {
        const off = tokenAt(s, t.end);
        const gen = tokenAt(s, off.end);
        const kind = tokenAt(s, gen.end);
        t = kind;
        if (kind.token !== 'n' && kind.token !== 'f') return undefined;
        if (!entries.has(start + i) && kind.token === 'n') entries.set(start + i, { offset: Number(off.token), generation: Number(gen.token) });
        if (!entries.has(start + i) && kind.token === 'f') entries.set(start + i, { offset: -1, generation: Number(gen.token) });
      }
    }
    const parser = PDFObjectParser.forBytes(bytes, context);
    (parser as unknown as { bytes: ByteCursor }).bytes.moveTo(pos + t.end);
    const trailer = parser.parseObject();
    if (!(trailer instanceof PDFDict)) return undefined;
    if (trailer.get(PDFName.of('XRefStm')) || trailer.get(PDFName.of('Encrypt'))) return undefined;
    newest ??= trailer;
    const prev = trailer.get(PDFName.of('Prev'));
    pos = prev instanceof PDFNumber ? prev.asNumber() : undefined;
  }
  return newest ? { entries, trailer: newest, context } : undefined;
}

/**
 * Opens a PDF for signing without parsing every object: only the objects the signer touches
 * (catalog, AcroForm, page tree path, the page) are parsed, on first lookup, from the classic xref.
 * Returns undefined when the file is not a plain classic-xref PDF.
 */
export function openLazily(bytes: Buffer, tail: XrefTail): PDFDocument | undefined {
  let xref;
  try {
    xref = readClassicXref(bytes, tail.startxref);
  } catch {
    return undefined;
  }
  if (!xref) return undefined;
  const { entries, trailer, context } = xref;
  const root = trailer.get(PDFName.of('Root'));
  if (!(root instanceof PDFRef)) return undefined;
  const info = trailer.get(PDFName.of('Info'));
  const id = trailer.get(PDFName.of('ID'));
  context.trailerInfo = { Root: root, Info: info instanceof PDFRef ? info : undefined, ID: id instanceof PDFArray ? id : undefined };
  context.largestObjectNumber = Math.max(0, tail.size - 1);

  const store = (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects;
  const load = (ref: PDFRef) => {
    const e = entries.get(ref.objectNumber);
    if (!e || e.offset < 0 || e.generation !== ref.generationNumber) return; // free / missing: PDF null
    const head = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(bytes.toString('latin1', e.offset, Math.min(bytes.length, e.offset + 64)));
    if (!head || Number(head[1]) !== ref.objectNumber || Number(head[2]) !== ref.generationNumber) {
      throw new LazyLoadError(`xref entry of ${ref.toString()} does not point to the object`);
    }
    const parser = PDFObjectParser.forBytes(bytes, context);
    (parser as unknown as { bytes: ByteCursor }).bytes.moveTo(e.offset + head[0].length);
    try {
      context.assign(ref, parser.parseObject());
    } catch (err) {
      throw new LazyLoadError(`cannot parse ${ref.toString()}: ${(err as Error).message}`);
    }
  };
  const ensure = (ref: unknown) => {
    if (ref instanceof PDFRef && !store.has(ref)) load(ref);
  };
  const lookup = context.lookup.bind(context) as (ref: unknown, ...types: unknown[]) => unknown;
  const lookupMaybe = context.lookupMaybe.bind(context) as (ref: unknown, ...types: unknown[]) => unknown;
  Object.assign(context, {
    lookup: (ref: unknown, ...types: unknown[]) => (ensure(ref), lookup(ref, ...types)),
    lookupMaybe: (ref: unknown, ...types: unknown[]) => (ensure(ref), lookupMaybe(ref, ...types)),
  });
  const Ctor = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  try {
    return new Ctor(context, false, false);
  } catch (e) {
    if (e instanceof LazyLoadError) return undefined;
    throw e;
  }
}
