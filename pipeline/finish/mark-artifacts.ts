import type { PDFDocument } from 'pdf-lib';
import { contentText, replaceContent } from './content.ts';

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
  for (let start = 0, end = 0; start <= content.length; start = end + 1) {
    end = content.indexOf('\n', start);
    if (end < 0) end = content.length;
    const line = content.slice(start, end);
    const op = lastOperator(line);
    if (op === 'BDC' || op === 'BMC') {
      if (open) out.push('EMC');
      open = false;
      depth++;
    }
    if (depth === 0 && !open && op === 'Do') {
      out.push('/Artifact BMC', line, 'EMC');
      continue;
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

/** The operator a content-stream line ends with ("Tj" of "<0007> Tj"), or "" when it ends with an operand. */
function lastOperator(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) <= 32) end--;
  let start = end;
  while (start > 0 && isOperatorChar(line.charCodeAt(start - 1))) start--;
  return line.slice(start, end);
}

/** A–Z, a–z, ', " and * (as in T*, f*, ' and "). */
function isOperatorChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 34 || c === 42;
}

/**
 * Applies markArtifactsInContent to every page of a document Chromium
 * printed. A page's content streams are one sequence (marked content may
 * open in one and close in another), so they are joined into one stream.
 */
export function markArtifacts(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    replaceContent(doc, page, markArtifactsInContent(contentText(doc, page)));
  }
}
