import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRef } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { normalize } from './pdf.ts';

/** A run of text as pdf.js reads it off a page: where it sits (PDF points, y up) and the roles of the structure elements it is tagged under, outermost first. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  /** The size its font is set in, in points. */
  size: number;
  roles: string[];
}

interface StructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

/**
 * The tagged text of each page, with its position and structure roles
 * (Document, H2, P, Table, TR, TD, …), read with pdf.js: its text content
 * with marked content, and its structure tree. Artifacts (running headers,
 * page numbers) and hyphens Chromium drew at a broken word are left out.
 */
export async function placedTexts(path: string): Promise<PlacedText[][]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PlacedText[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const rolesOf = new Map<string, string[]>();
    const visit = (node: StructNode, roles: string[]) => {
      if (node.type === 'content' && node.id) rolesOf.set(node.id, roles);
      for (const child of node.children ?? []) visit(child, node.role ? [...roles, node.role] : roles);
    };
    visit(((await page.getStructTree()) ?? {}) as StructNode, []);
    pages.push(taggedRuns((await page.getTextContent({ includeMarkedContent: true })).items as ContentItem[], rolesOf));
  }
  await pdf.destroy();
  return pages;
}

/** An item of pdf.js's text content with marked content: a run of text, or the start or end of marked content. */
type ContentItem = { str: string; hasEOL: boolean; transform: number[] } | { type: string; id?: string; tag?: string };

/** The runs of text inside tagged marked content, each with the roles of its structure element. */
function taggedRuns(items: readonly ContentItem[], rolesOf: ReadonlyMap<string, string[]>): PlacedText[] {
  const placed: PlacedText[] = [];
  // The marked content each run is in: its id, "artifact", or undefined for a mark without an id (a Span around a soft hyphen).
  const open: Array<string | undefined> = [];
  for (const item of items) {
    if ('type' in item) {
      if (item.type.startsWith('beginMarkedContent')) open.push(item.id ?? (item.tag === 'Artifact' ? 'artifact' : undefined));
      else if (item.type === 'endMarkedContent') open.pop();
      continue;
    }
    const id = [...open].reverse().find((m) => m !== undefined);
    // A "-" in a mark of its own without an id is the hyphen of a broken word (see isBreakHyphen).
    if (id === undefined || id === 'artifact' || !item.str.trim() || (item.str === '-' && open.at(-1) === undefined)) continue;
    placed.push({
      text: item.str,
      x: item.transform[4]!,
      y: item.transform[5]!,
      size: Math.hypot(item.transform[2]!, item.transform[3]!),
      roles: rolesOf.get(id) ?? [],
    });
  }
  return placed;
}

/** The text of a page's last line: every run on the lowest baseline, left to right. */
export function lastLine(page: readonly PlacedText[]): PlacedText[] {
  const bottom = Math.min(...page.map((t) => t.y));
  return page.filter((t) => Math.abs(t.y - bottom) < 2).sort((a, b) => a.x - b.x);
}

/** True for a run tagged inside a heading (H, H1 … H6). */
export const inHeading = (t: PlacedText) => t.roles.some((role) => /^H\d?$/.test(role));

/**
 * Every table of a tagged PDF, read from its structure tree with pdf-lib: how
 * many body rows (TR with a TD) it has, and the pages its content is on (from
 * the /Pg of the elements under it that hold content).
 */
export async function tablesOf(path: string): Promise<Array<{ rows: number; pages: number[] }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const pageOf = new Map(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const tables: Array<{ rows: number; pages: number[] }> = [];
  const kidsOf = (element: PDFDict): PDFDict[] => {
    const k = element.get(PDFName.of('K'));
    const list = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
    return list.flatMap((kid) => {
      const dict = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      return dict instanceof PDFDict && dict.has(PDFName.of('S')) ? [dict] : [];
    });
  };
  const addPage = (pg: PDFObject | undefined, into: Set<number>) => {
    if (pg instanceof PDFRef && pageOf.has(pg.toString())) into.add(pageOf.get(pg.toString())!);
  };
  // Content is an MCID under an element with /Pg, or a marked-content reference (MCR) with a /Pg of its own.
  const pagesUnder = (element: PDFDict, into: Set<number>) => {
    const k = element.get(PDFName.of('K'));
    const kids = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
    if (kids.some((kid) => kid instanceof PDFNumber)) addPage(element.get(PDFName.of('Pg')), into);
    for (const kid of kids) {
      const dict = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (dict instanceof PDFDict && dict.get(PDFName.of('Type'))?.toString() === '/MCR')
        addPage(dict.get(PDFName.of('Pg')) ?? element.get(PDFName.of('Pg')), into);
    }
    for (const kid of kidsOf(element)) pagesUnder(kid, into);
    return into;
  };
  const role = (element: PDFDict) => element.get(PDFName.of('S'))?.toString();
  // Body rows: a row of header cells only (the column headings) is not counted.
  const rowsUnder = (element: PDFDict): number =>
    kidsOf(element).reduce((n, kid) => n + (role(kid) === '/TR' ? (kidsOf(kid).some((cell) => role(cell) === '/TD') ? 1 : 0) : rowsUnder(kid)), 0);
  const visit = (element: PDFDict) => {
    if (role(element) === '/Table') {
      tables.push({ rows: rowsUnder(element), pages: [...pagesUnder(element, new Set())].sort((a, b) => a - b) });
    }
    for (const kid of kidsOf(element)) visit(kid);
  };
  visit(doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict));
  return tables;
}

/**
 * The signature blocks of a rendered document, read from its HTML: each
 * block's text (every signature's role, name and title, in order) and the
 * last words before the block, the end of the text it signs.
 */
export function signatureBlocks(html: string): Array<{ signatures: string; signs: string }> {
  const text = (fragment: string) =>
    normalize(
      fragment
        .replace(/<br>/g, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replaceAll('\u00ad', '')
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    );
  const body = html.slice(html.indexOf('<body>'));
  return [...body.matchAll(/<div class="underskrifter">([\s\S]*?)\n\s*<\/div>/g)].map((m) => ({
    signatures: text(m[1]!),
    signs: text(body.slice(0, m.index)).split(' ').slice(-4).join(' '),
  }));
}
