import { type PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { printable } from '../core/text.ts';
import type { DocumentMeta } from '../core/view.ts';
import { flateStream } from './content.ts';
import { srgbProfile } from './srgb-profile.ts';

/** Which standards a finished PDF claims: PDF/UA-1 (accessible) and PDF/A-2 (archivable). */
export const conformance = { pdfua: '1', pdfaPart: '2', pdfaConformance: 'B' } as const;

/**
 * Adds what archives and screen readers ask of a PDF beyond Chromium's
 * tagging: XMP metadata (title, author, subject, language, dates, the PDF/UA
 * and PDF/A identifiers) and an sRGB output intent. `pdfua: false` leaves the
 * PDF/UA identifier out: a document with an untagged PDF bilaga is not PDF/UA.
 */
export function addArchivalMetadata(doc: PDFDocument, meta: DocumentMeta, producer: string, date: Date, { pdfua = true } = {}): void {
  const xmp = doc.context.stream(xmpPacket(meta, producer, date.toISOString().replace('.000', ''), pdfua), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  const profile = doc.context.register(flateStream(doc.context, srgbProfile(), { N: 3 }));
  const intent = doc.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([intent]));
}

function xmpPacket(meta: DocumentMeta, producer: string, date: string, pdfua: boolean): string {
  const x = escapeXml;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${x(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${x(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${x(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>sv-SE</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${x(meta.keywords.join(' '))}</pdf:Keywords>
   <pdf:Producer>${x(producer)}</pdf:Producer>
   <xmp:CreatorTool>${x(producer)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <pdfaid:part>${conformance.pdfaPart}</pdfaid:part>
   <pdfaid:conformance>${conformance.pdfaConformance}</pdfaid:conformance>
${pdfua ? `   <pdfuaid:part>${conformance.pdfua}</pdfuaid:part>\n` : ''}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

function escapeXml(text: string): string {
  return printable(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
