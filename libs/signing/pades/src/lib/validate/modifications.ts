import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObject, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import { serializeObject } from '../pdf/incremental';

export interface ModificationReport {
  /** Later revisions exist (bytes after this signature's revision). */
  present: boolean;
  /** Every later change only adds/updates signatures, form fields or annotations. */
  onlySignaturesAndAnnotations: boolean;
  /** Human-readable list of the changes. */
  changes: string[];
}

function typeOf(obj: PDFObject | undefined): string {
  const dict = obj instanceof PDFDict ? obj : obj instanceof PDFStream ? obj.dict : undefined;
  if (!dict) return obj instanceof PDFArray ? 'array' : 'object';
  const t = dict.get(PDFName.of('Type'));
  if (t instanceof PDFName) return t.decodeText();
  if (dict.get(PDFName.of('FT'))) return 'Field';
  if (dict.get(PDFName.of('Fields'))) return 'AcroForm';
  if (dict.get(PDFName.of('ByteRange'))) return 'Sig';
  return obj instanceof PDFStream ? 'stream' : 'dict';
}

function withoutKeys(dict: PDFDict, keys: string[]): string {
  const copy = dict.clone();
  for (const k of keys) copy.delete(PDFName.of(k));
  return serializeObject(copy).toString('latin1');
}

function sameExcept(a: PDFObject, b: PDFObject, keys: string[]): boolean {
  return a instanceof PDFDict && b instanceof PDFDict && withoutKeys(a, keys) === withoutKeys(b, keys);
}

function arrayExtends(before: PDFObject, after: PDFObject): boolean {
  if (!(before instanceof PDFArray) || !(after instanceof PDFArray)) return false;
  const a = before.asArray().map((o) => o.toString());
  const b = after.asArray().map((o) => o.toString());
  return a.every((x) => b.includes(x));
}

const ALLOWED_NEW = new Set(['Sig', 'DocTimeStamp', 'Annot', 'Field', 'XObject', 'Font', 'FontDescriptor', 'stream', 'AcroForm', 'array', 'dict', 'DSS', 'XRef', 'ObjStm']);

/**
 * Compares the document state at the end of a signed revision with the final state, object by object
 * (pdf-lib applies incremental updates in file order, so loading a prefix gives that revision's state).
 */
export function compareRevisions(signed: PDFDocument, final: PDFDocument): ModificationReport {
  const changes: string[] = [];
  let other = false;
  for (const [ref, after] of final.context.enumerateIndirectObjects()) {
    const before = signed.context.lookup(ref);
    const type = typeOf(after);
    if (type === 'XRef' || type === 'ObjStm') continue;
    if (before === undefined) {
      changes.push(`added ${type} ${ref.toString()}`);
      if (!ALLOWED_NEW.has(type)) other = true;
      continue;
    }
    const same =
      before instanceof PDFRawStream && after instanceof PDFRawStream
        ? Buffer.from(before.contents).equals(Buffer.from(after.contents)) && sameExcept(before.dict, after.dict, [])
        : serializeObject(before).equals(serializeObject(after));
    if (same) continue;
    let allowed = false;
    if (type === 'Page') allowed = sameExcept(before, after, ['Annots']);
    else if (type === 'Catalog') allowed = sameExcept(before, after, ['AcroForm', 'DSS', 'Perms']);
    else if (type === 'AcroForm') allowed = sameExcept(before, after, ['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
    else if (type === 'array') allowed = arrayExtends(before, after);
    else if (type === 'Field' || type === 'Annot') allowed = true;
    changes.push(`${allowed ? 'updated' : 'MODIFIED'} ${type} ${ref.toString()}`);
    if (!allowed) other = true;
  }
  for (const [ref] of signed.context.enumerateIndirectObjects()) {
    if (final.context.lookup(ref as PDFRef) === undefined) {
      changes.push(`removed object ${ref.toString()}`);
      other = true;
    }
  }
  return { present: true, onlySignaturesAndAnnotations: !other, changes };
}
