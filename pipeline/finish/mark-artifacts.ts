import { PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';

const PAINT = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'n']);
const PATH = new Set(['m', 're', 'l', 'c', 'v', 'y', 'h']);

/**
 * Wraps everything Chromium draws outside the structure tree (the `@page`
 * margin boxes: running headers, page numbers, the UTKAST mark; and
 * decorative rules) in `/Artifact BMC … EMC`, so that assistive technology
 * skips it, as PDF/UA requires. Content that is already marked is untouched.
 */
export function markArtifactsInContent(content: string): string {
  const out: string[] = [];
  let depth = 0;
  let open = false;
  for (const line of content.split('\n')) {
    const op = /([A-Za-z'"*]+)\s*$/.exec(line)?.[1] ?? '';
    if (op === 'BDC' || op === 'BMC') {
      if (open) out.push('EMC');
      open = false;
      depth++;
    }
    if (depth === 0 && !open && (op === 'BT' || PATH.has(op))) {
      out.push('/Artifact BMC');
      open = true;
    }
    out.push(line);
    if (op === 'EMC') depth--;
    if (open && (op === 'ET' || PAINT.has(op))) {
      out.push('EMC');
      open = false;
    }
  }
  if (open) out.push('EMC');
  return out.join('\n');
}

/** Applies markArtifactsInContent to every page of a document. */
export function markArtifacts(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    const rewritten = refs.map((ref) => {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) return ref;
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      return doc.context.register(doc.context.flateStream(Buffer.from(markArtifactsInContent(text), 'latin1')));
    });
    page.node.set(PDFName.of('Contents'), rewritten.length === 1 ? (rewritten[0] as PDFRef) : doc.context.obj(rewritten));
  }
}
