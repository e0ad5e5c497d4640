import { randomBytes } from 'node:crypto';
import { PDFArray, PDFDocument, PDFHexString, PDFObject, PDFRef } from 'pdf-lib';

export interface XrefTail {
  /** Offset of the last cross-reference section (value after the last `startxref`). */
  startxref: number;
  /** /Size of the last trailer (or xref stream dictionary). */
  size: number;
}

/** Reads the last `startxref` and the /Size of the section it points to. */
export function readXrefTail(bytes: Buffer): XrefTail {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new Error('PDF: no startxref/%%EOF at the end of the file');
  const startxref = Number(m[1]);
  if (startxref >= bytes.length) throw new Error('PDF: startxref beyond end of file');
  const section = bytes.subarray(startxref, Math.min(bytes.length, startxref + 1_000_000)).toString('latin1');
  let dict: string;
  if (section.startsWith('xref')) {
    const t = section.indexOf('trailer');
    if (t < 0) throw new Error('PDF: trailer not found');
    dict = section.slice(t, t + 4096);
  } else if (/^\d+\s+\d+\s+obj/.test(section)) {
    dict = section.slice(0, section.indexOf('stream') > 0 ? section.indexOf('stream') : 4096);
  } else throw new Error('PDF: startxref does not point to a cross-reference section');
  const size = /\/Size\s+(\d+)/.exec(dict);
  if (!size) throw new Error('PDF: trailer without /Size');
  return { startxref, size: Number(size[1]) };
}

export function serializeObject(obj: PDFObject): Buffer {
  const out = Buffer.allocUnsafe(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return out;
}

export interface PendingObject {
  ref: PDFRef;
  /** Either a pdf-lib object or pre-serialized bytes (e.g. the signature dictionary with placeholders). */
  body: PDFObject | Buffer;
}

export interface IncrementalUpdate {
  bytes: Buffer;
  /** Offset (in `bytes`) of each written object's body, keyed by object number. */
  bodyOffsets: Map<number, number>;
}

/**
 * Appends an incremental update (objects, classic xref section, trailer with /Prev) to the original
 * bytes, which stay untouched. Works after both classic and xref-stream files.
 */
export function appendIncrementalUpdate(original: Buffer, doc: PDFDocument, tail: XrefTail, objects: PendingObject[]): IncrementalUpdate {
  const chunks: Buffer[] = [original];
  let pos = original.length;
  const push = (b: Buffer) => {
    chunks.push(b);
    pos += b.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));

  const offsets = new Map<number, number>();
  const bodyOffsets = new Map<number, number>();
  const sorted = [...objects].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  for (const o of sorted) {
    offsets.set(o.ref.objectNumber, pos);
    push(Buffer.from(`${o.ref.objectNumber} ${o.ref.generationNumber} obj\n`, 'latin1'));
    bodyOffsets.set(o.ref.objectNumber, pos);
    push(Buffer.isBuffer(o.body) ? o.body : serializeObject(o.body));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }

  const xrefOffset = pos;
  let xref = 'xref\n';
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].ref.objectNumber === sorted[j].ref.objectNumber + 1) j++;
    xref += `${sorted[i].ref.objectNumber} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const r = sorted[k].ref;
      xref += `${String(offsets.get(r.objectNumber)).padStart(10, '0')} ${String(r.generationNumber).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  push(Buffer.from(xref, 'latin1'));

  const maxNum = Math.max(tail.size - 1, ...sorted.map((o) => o.ref.objectNumber));
  const info = doc.context.trailerInfo;
  const root = info.Root;
  if (!root) throw new Error('PDF: trailer without /Root');
  let trailer = `trailer\n<< /Size ${maxNum + 1} /Root ${root.toString()}`;
  if (info.Info) trailer += ` /Info ${info.Info.toString()}`;
  const firstId = info.ID instanceof PDFArray ? info.ID.get(0) : undefined;
  const newId = PDFHexString.of(randomBytes(16).toString('hex').toUpperCase());
  trailer += ` /ID [${(firstId ?? newId).toString()} ${newId.toString()}]`;
  trailer += ` /Prev ${tail.startxref} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  push(Buffer.from(trailer, 'latin1'));
  const bytes = Buffer.concat(chunks, pos);
  return { bytes, bodyOffsets };
}
