import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
} from 'pdf-lib';
import { toDer, CertificateInput } from '../cms/certificate';
import { DigestAlgorithm } from '../cms/oids';
import { buildSignedData } from '../cms/signed-data';
import { requestTimestampToken } from '../cms/tsa-client';
import { loadFont } from '../fonts/fonts';
import { KeyProvider } from '../keys/key-provider';
import { appendIncrementalUpdate, PendingObject, readXrefTail, XrefTail } from './incremental';
import { LazyLoadError, openLazily } from './lazy-load';
import { buildSignatureAppearance, SignatureAppearanceText } from './signature-appearance';

export interface VisibleSignature {
  /** 0-based page index; negative counts from the end (-1 = last page). */
  page: number;
  /** [x1, y1, x2, y2] in PDF user space (points, origin bottom-left). */
  rect: [number, number, number, number];
}

export interface SignPdfOptions {
  keyProvider: KeyProvider;
  /** Defaults to keyProvider.certificateChain (signer first). */
  certificateChain?: CertificateInput[];
  /** Signer's display name (/Name and the visible block). */
  name: string;
  role?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** The person a deputy signs for: shown as "v zastoupení <onBehalfOf>". */
  onBehalfOf?: string;
  visible?: VisibleSignature;
  /** RFC 3161 TSA: adds a signature timestamp (PAdES B-T). */
  tsaUrl?: string;
  tsaHeaders?: Record<string, string>;
  /** Unique signature field name; default `Signature<n>`. */
  fieldName?: string;
  digestAlgorithm?: DigestAlgorithm;
  /** Claimed signing time (/M). Default: now. */
  signingTime?: Date;
  /** Also put a CMS signing-time attribute (not PAdES-baseline conformant; off by default). */
  cmsSigningTimeAttribute?: boolean;
  /** Bytes reserved for the CMS; default 8 KB (B-B) / 32 KB (B-T). */
  signatureSize?: number;
  /** Time zone of the visible date; default Europe/Prague. */
  timeZone?: string;
  /** TTF for the visible block; default the bundled DejaVu Sans. */
  fontBytes?: Uint8Array;
}

const placeholders = new Map<number, Buffer>();
function hexPlaceholder(reserve: number): Buffer {
  let p = placeholders.get(reserve);
  if (!p) {
    p = Buffer.alloc(reserve * 2, 0x30);
    placeholders.set(reserve, p);
  }
  return p;
}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 9999999999 9999999999 9999999999]';

export function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(
    d.getUTCSeconds(),
  )}+00'00'`;
}

function lookupDict(doc: PDFDocument, obj: PDFObject | undefined): PDFDict | undefined {
  if (!obj) return undefined;
  const o = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  return o instanceof PDFDict ? o : undefined;
}

function existingFieldNames(doc: PDFDocument, fields: PDFArray | undefined): Set<string> {
  const names = new Set<string>();
  if (!fields) return names;
  for (let i = 0; i < fields.size(); i++) {
    const f = lookupDict(doc, fields.get(i));
    const t = f?.get(PDFName.of('T'));
    if (t instanceof PDFHexString || (t && 'decodeText' in t)) names.add((t as PDFHexString).decodeText());
  }
  return names;
}

/**
 * Signs a PDF (PAdES baseline B-B, or B-T with `tsaUrl`) as an incremental update: the input bytes are
 * kept verbatim as the prefix of the output, so earlier signatures stay valid.
 */
export async function signPdf(pdfBytes: Uint8Array, o: SignPdfOptions): Promise<Uint8Array> {
  const original = Buffer.from(pdfBytes.buffer, pdfBytes.byteOffset, pdfBytes.byteLength);
  const tail = readXrefTail(original);
  // Fast path: parse only the objects the signature touches (classic xref files).
  const lazy = openLazily(original, tail);
  if (lazy) {
    try {
      return await signDocument(original, tail, lazy, o);
    } catch (e) {
      if (!(e instanceof LazyLoadError)) throw e;
    }
  }
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  if (doc.isEncrypted) throw new Error('encrypted PDFs cannot be signed');
  return signDocument(original, tail, doc, o);
}

async function signDocument(original: Buffer, tail: XrefTail, doc: PDFDocument, o: SignPdfOptions): Promise<Uint8Array> {
  const ctx = doc.context;
  // New objects start at the trailer /Size (pdf-lib's counter ignores object-stream members).
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, tail.size - 1);
  const firstNew = ctx.largestObjectNumber + 1;
  const modified = new Map<string, PDFRef>();
  const markModified = (ref: PDFRef) => modified.set(ref.toString(), ref);

  const signingTime = o.signingTime ?? new Date();
  const digestAlgorithm = o.digestAlgorithm ?? 'sha256';
  const chain = (o.certificateChain ?? o.keyProvider.certificateChain).map(toDer);
  const reserve = o.signatureSize ?? (o.tsaUrl ? 32768 : 8192);

  // --- AcroForm and field name
  const catalogRef = ctx.trailerInfo.Root as PDFRef;
  const catalog = doc.catalog;
  const acroEntry = catalog.get(PDFName.of('AcroForm'));
  let acroForm = lookupDict(doc, acroEntry);
  if (!acroForm) {
    acroForm = ctx.obj({ Fields: [] }) as PDFDict;
    catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm));
    markModified(catalogRef);
  } else if (acroEntry instanceof PDFRef) markModified(acroEntry);
  else markModified(catalogRef);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  const fieldsEntry = acroForm.get(PDFName.of('Fields'));
  let fields = fieldsEntry instanceof PDFRef ? ctx.lookup(fieldsEntry) : fieldsEntry;
  if (!(fields instanceof PDFArray)) {
    fields = ctx.obj([]);
    acroForm.set(PDFName.of('Fields'), fields);
  } else if (fieldsEntry instanceof PDFRef) markModified(fieldsEntry);
  const fieldArray = fields as PDFArray;
  const taken = existingFieldNames(doc, fieldArray);
  let fieldName = o.fieldName;
  if (fieldName && taken.has(fieldName)) throw new Error(`signature field ${fieldName} already exists`);
  for (let n = 1; !fieldName; n++) if (!taken.has(`Signature${n}`)) fieldName = `Signature${n}`;

  // --- page and widget
  const pages = doc.getPages();
  const pageIndex = o.visible ? (o.visible.page < 0 ? pages.length + o.visible.page : o.visible.page) : 0;
  const page = pages[pageIndex];
  if (!page) throw new Error(`page ${o.visible?.page} does not exist`);
  const sigRef = ctx.nextRef();
  const rect = o.visible?.rect ?? [0, 0, 0, 0];
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFHexString.fromText(fieldName),
    V: sigRef,
    F: 132, // Print | Locked
    P: page.ref,
    Rect: rect,
  }) as PDFDict;
  if (o.visible) {
    const text: SignatureAppearanceText = {
      name: o.name,
      role: o.role,
      onBehalfOf: o.onBehalfOf,
      reason: o.reason,
      signingTime,
      timeZone: o.timeZone ?? 'Europe/Prague',
    };
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(o.fontBytes ?? loadFont('regular'), { subset: true });
    const ap = buildSignatureAppearance(ctx, font, rect[2] - rect[0], rect[3] - rect[1], text);
    widget.set(PDFName.of('AP'), ctx.obj({ N: ctx.register(ap) }));
    await doc.flush(); // writes the (subset) font objects into the context
  }
  const widgetRef = ctx.register(widget);
  fieldArray.push(widgetRef);
  const annotsEntry = page.node.get(PDFName.of('Annots'));
  const annots = annotsEntry instanceof PDFRef ? ctx.lookup(annotsEntry) : annotsEntry;
  if (annots instanceof PDFArray) {
    annots.push(widgetRef);
    markModified(annotsEntry instanceof PDFRef ? annotsEntry : page.ref);
  } else {
    page.node.set(PDFName.of('Annots'), ctx.obj([widgetRef]));
    markModified(page.ref);
  }

  // --- signature dictionary with placeholders
  const text = (s: string) => PDFHexString.fromText(s).toString();
  let sigTail = `> /M (${pdfDate(signingTime)}) /Name ${text(o.name)}`;
  if (o.reason) sigTail += ` /Reason ${text(o.reason)}`;
  if (o.location) sigTail += ` /Location ${text(o.location)}`;
  if (o.contactInfo) sigTail += ` /ContactInfo ${text(o.contactInfo)}`;
  sigTail += ' /Prop_Build << /App << /Name /Agendy >> >> >>';
  const sigDict = Buffer.concat([
    Buffer.from(`<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_PLACEHOLDER} /Contents <`, 'latin1'),
    hexPlaceholder(reserve), // '0' * 2N
    Buffer.from(sigTail, 'latin1'),
  ]);

  const objects: PendingObject[] = [{ ref: sigRef, body: sigDict }];
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (ref.objectNumber >= firstNew && ref !== sigRef) objects.push({ ref, body: obj });
  }
  for (const ref of modified.values()) {
    if (ref.objectNumber < firstNew) objects.push({ ref, body: ctx.lookup(ref) as PDFObject });
  }
  const { bytes, bodyOffsets } = appendIncrementalUpdate(original, doc, tail, objects);

  // --- byte range
  const sigStart = bodyOffsets.get(sigRef.objectNumber) as number;
  const brPos = bytes.indexOf(BYTE_RANGE_PLACEHOLDER, sigStart, 'latin1');
  const contentsStart = bytes.indexOf('/Contents <', sigStart, 'latin1') + '/Contents '.length;
  const contentsEnd = contentsStart + reserve * 2 + 2;
  const byteRange = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const brText = `/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  if (brText.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('PDF too large for the /ByteRange placeholder');
  bytes.write(brText, brPos, 'latin1');

  const digest = createHash(digestAlgorithm)
    .update(bytes.subarray(0, contentsStart))
    .update(bytes.subarray(contentsEnd))
    .digest();
  const cms = await buildSignedData({
    contentDigest: digest,
    digestAlgorithm,
    certificates: chain,
    sign: (alg, data) => o.keyProvider.sign(alg, data),
    signingTimeAttribute: o.cmsSigningTimeAttribute ? signingTime : undefined,
    timestamp: o.tsaUrl
      ? (sig) => requestTimestampToken(sig, { url: o.tsaUrl as string, headers: o.tsaHeaders, digestAlgorithm })
      : undefined,
  });
  if (cms.length > reserve) throw new Error(`CMS (${cms.length} B) exceeds the reserved ${reserve} B; raise signatureSize`);
  bytes.write(cms.toString('hex').toUpperCase(), contentsStart + 1, 'latin1');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
