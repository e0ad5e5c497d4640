import {
  beginText,
  endText,
  PDFContentStream,
  PDFContext,
  PDFFont,
  PDFOperator,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  stroke,
  moveText,
} from 'pdf-lib';

export interface SignatureAppearanceText {
  name: string;
  role?: string;
  onBehalfOf?: string;
  reason?: string;
  signingTime: Date;
  timeZone: string;
}

export function formatCzechDateTime(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${Number(v('day'))}. ${Number(v('month'))}. ${v('year')} ${v('hour')}:${v('minute')}:${v('second')}`;
}

export function appearanceLines(t: SignatureAppearanceText): string[] {
  const lines = [`Elektronicky podepsal(a): ${t.name}`];
  if (t.role) lines.push(t.role);
  if (t.onBehalfOf) lines.push(`v zastoupení ${t.onBehalfOf}`);
  if (t.reason) lines.push(`Důvod: ${t.reason}`);
  lines.push(`Datum: ${formatCzechDateTime(t.signingTime, t.timeZone)}`);
  return lines;
}

/** Form XObject of the visible signature block: a frame and the lines, shrunk to fit. */
export function buildSignatureAppearance(
  ctx: PDFContext,
  font: PDFFont,
  width: number,
  height: number,
  text: SignatureAppearanceText,
): PDFContentStream {
  const lines = appearanceLines(text);
  const pad = 4;
  const widest = Math.max(...lines.map((l) => font.widthOfTextAtSize(l, 1)));
  const size = Math.max(4, Math.min(10, (height - 2 * pad) / (lines.length * 1.25), (width - 2 * pad) / widest));
  const leading = size * 1.25;
  const fontName = 'F1';
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    setStrokingRgbColor(0.1, 0.25, 0.55),
    setLineWidth(0.8),
    rectangle(0.4, 0.4, width - 0.8, height - 0.8),
    stroke(),
    setFillingRgbColor(0, 0, 0),
    beginText(),
    setFontAndSize(fontName, size),
    moveText(pad, height - pad - size),
  ];
  lines.forEach((line, i) => {
    if (i > 0) ops.push(moveText(0, -leading));
    ops.push(showText(font.encodeText(line)));
  });
  ops.push(endText(), popGraphicsState());
  return ctx.formXObject(ops, {
    BBox: [0, 0, width, height],
    Resources: { Font: { [fontName]: font.ref } },
  });
}
