/** File types accepted as attachments, recognised by their first bytes (never by the name alone). */
export interface SniffedType {
  mediaType: string;
}

const OFFICE_BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
};

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * PDF, PNG, JPEG, GIF and ZIP containers (Office Open XML, OpenDocument, plain ZIP; the name picks
 * among those, as they share the ZIP signature). Anything else, including executables renamed to
 * `.pdf`, is refused.
 */
export function sniffFileType(head: Buffer, fileName: string): SniffedType | undefined {
  if (looksLikeMarkup(head)) return undefined;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mediaType: 'application/pdf' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mediaType: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg' };
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return { mediaType: 'image/gif' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const ext = fileName.toLowerCase().split('.').pop() ?? '';
    return { mediaType: OFFICE_BY_EXTENSION[ext] ?? 'application/zip' };
  }
  return undefined;
}

/** How many leading bytes sniffFileType wants to see. */
export const SNIFF_BYTES = 1024;

/**
 * Polyglots: a file that starts like a PDF or an image but carries HTML or SVG markup in its
 * first kilobyte renders as a web page if anything ever serves it inline. No genuine scan or
 * office file has markup there, so such files are refused outright.
 */
function looksLikeMarkup(head: Buffer): boolean {
  return /<\s*(!doctype|html|head|body|script|iframe|svg|object|embed)\b/i.test(head.subarray(0, SNIFF_BYTES).toString('latin1'));
}

/** A safe display name: no path parts, no control characters, at most 255 characters. */
export function cleanFileName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const name = raw.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name.slice(0, 255);
}
