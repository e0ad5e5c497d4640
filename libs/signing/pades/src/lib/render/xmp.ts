export interface XmpFields {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creator: string;
  producer: string;
  created: Date;
  documentId: string;
  instanceId: string;
  language: string;
  /** PDF/A identification (part 2, conformance B) — claim only what the document really meets. */
  pdfaPart?: number;
  pdfaConformance?: 'A' | 'B' | 'U';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** XMP date matching pdf-lib's Info dictionary dates (UTC, whole seconds). */
export const xmpDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function buildXmp(x: XmpFields): string {
  const lang = esc(x.language);
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt>`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>${alt(x.title)}</dc:title>
   ${x.author ? `<dc:creator><rdf:Seq><rdf:li>${esc(x.author)}</rdf:li></rdf:Seq></dc:creator>` : ''}
   ${x.subject ? `<dc:description>${alt(x.subject)}</dc:description>` : ''}
   <dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>${esc(x.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>${xmpDate(x.created)}</xmp:CreateDate>
   <xmp:ModifyDate>${xmpDate(x.created)}</xmp:ModifyDate>
   <xmp:MetadataDate>${xmpDate(x.created)}</xmp:MetadataDate>
   <pdf:Producer>${esc(x.producer)}</pdf:Producer>
   ${x.keywords?.length ? `<pdf:Keywords>${esc(x.keywords.join(' '))}</pdf:Keywords>` : ''}
   <xmpMM:DocumentID>uuid:${esc(x.documentId)}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:${esc(x.instanceId)}</xmpMM:InstanceID>
   ${x.pdfaPart ? `<pdfaid:part>${x.pdfaPart}</pdfaid:part><pdfaid:conformance>${x.pdfaConformance ?? 'B'}</pdfaid:conformance>` : ''}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
