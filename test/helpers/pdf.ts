import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, type PDFObject, PDFRawStream, PDFString } from 'pdf-lib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Collapses all white space (including non-breaking spaces) so text can be compared across line breaks. */
export function normalize(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * A hyphen Chromium drew where it broke a word at a soft hyphen: a text
 * object of its own holding only "-", which the finish stage wraps in a Span
 * whose ActualText is U+00AD (pdf.js does not read ActualText), followed by
 * the line's end. A hyphen typed in the source is drawn with the letters
 * before it. See docs/decisions.md, "Hyphenation".
 */
export function isBreakHyphen(item: { str: string; hasEOL: boolean }, next?: { str: string; hasEOL: boolean }): boolean {
  return item.str === '-' && (item.hasEOL || (next?.str === '' && next.hasEOL));
}

/** The text of runs as pdf.js reads them, a line's end a space, a word broken at a line end joined again. */
export function joinRuns(items: ReadonlyArray<{ str: string; hasEOL: boolean }>): string {
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (isBreakHyphen(item, items[i + 1])) {
      if (!item.hasEOL) i++;
      continue;
    }
    text += item.str + (item.hasEOL ? ' ' : '');
  }
  return normalize(text);
}

/**
 * Text with every hyphen at a line's end joined to the next word ("sam- arbetsavtal"
 * to "samarbetsavtal"): for comparing a page with its copy appended to another
 * PDF, where the hyphen of a broken word, its tags cleaned away, is read with
 * the letters before it. Typed hyphens ("stöd- och") are joined too, so apply
 * it to both sides.
 */
export function joinedAtHyphens(text: string): string {
  return text.replace(/(\p{L})- (\p{Ll})/gu, '$1$2');
}

/** The text of each page of a PDF, as pdf.js extracts it, normalised; a word hyphenated at a line end is given whole. */
export async function pageTexts(path: string): Promise<string[]> {
  const data = new Uint8Array(readFileSync(path));
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(joinRuns(content.items.filter((item) => 'str' in item)));
  }
  await pdf.destroy();
  return pages;
}

/**
 * For each title, the page a plan's table of contents (its second page) prints
 * beside it (NaN when it is not there), and the first page after the table of
 * contents whose text contains it.
 */
export async function tableOfContents(path: string, titles: readonly string[]): Promise<Array<{ title: string; printed: number; actual: number }>> {
  const pages = await pageTexts(path);
  return titles.map((title) => ({
    title,
    printed: Number(new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)`).exec(pages[1]!)?.[1]),
    actual: pages.findIndex((text, i) => i > 1 && text.includes(title)) + 1,
  }));
}

/** Document-level facts read back with pdf-lib: info dictionary, language, tagging. */
export async function pdfFacts(path: string) {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const catalog = doc.catalog;
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  return {
    pages: doc.getPageCount(),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    creationDate: doc.getCreationDate(),
    lang: catalog.get(PDFName.of('Lang'))?.toString(),
    tagged: markInfo?.get(PDFName.of('Marked'))?.toString() === 'true',
    structTree: catalog.has(PDFName.of('StructTreeRoot')),
    displayDocTitle: viewer?.get(PDFName.of('DisplayDocTitle'))?.toString() === 'true',
  };
}

/** Every font the pages use (the first `pageCount` pages, when given): its name and whether its program is embedded. */
export async function fontsOf(path: string, pageCount?: number): Promise<Array<{ name: string; embedded: boolean }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const fonts = new Map<string, boolean>();
  for (const page of doc.getPages().slice(0, pageCount)) {
    const dict = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of dict?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict) ?? font;
      const descriptor = descendant.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const name = font.lookup(PDFName.of('BaseFont'))!.toString().slice(1);
      fonts.set(
        name,
        ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k))),
      );
    }
  }
  return [...fonts].map(([name, embedded]) => ({ name, embedded }));
}

/** Every font subset in the file, pages and bilagor alike: its name, and a hash of its embedded program. */
export async function fontSubsets(path: string): Promise<Array<{ name: string; program: string }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const subsets: Array<{ name: string; program: string }> = [];
  for (const [, font] of doc.context.enumerateIndirectObjects()) {
    if (!(font instanceof PDFDict) || font.get(PDFName.of('Type'))?.toString() !== '/Font' || !font.has(PDFName.of('BaseFont'))) continue;
    if (/^\/CIDFontType/.test(font.get(PDFName.of('Subtype'))?.toString() ?? '')) continue;
    const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict) ?? font;
    const descriptor = descendant.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const program = ['FontFile', 'FontFile2', 'FontFile3'].map((k) => descriptor?.lookup(PDFName.of(k))).find((f) => f instanceof PDFRawStream);
    const name = font.lookup(PDFName.of('BaseFont'))!.toString().slice(1);
    subsets.push({ name, program: program ? createHash('sha256').update(program.contents).digest('hex') : '' });
  }
  return subsets;
}

/** A structure element as pdf.js reads it: its role, Alt text, and children (elements, or marked content without a role). */
export interface StructNode {
  role?: string;
  alt?: string;
  lang?: string;
  /** For marked content (no role): its id, as pdf.js names it in the page's text. */
  id?: string;
  children?: StructNode[];
}

/** Each page's structure tree as pdf.js (not the project's own code) reads it. */
export async function structureTrees(path: string): Promise<StructNode[]> {
  const data = new Uint8Array(readFileSync(path));
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const trees: StructNode[] = [];
  for (let i = 1; i <= pdf.numPages; i++) trees.push(((await (await pdf.getPage(i)).getStructTree()) ?? {}) as StructNode);
  await pdf.destroy();
  return trees;
}

const textRoles = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Span', 'Link', 'Em', 'Strong', 'TD', 'TH', 'LBody', 'Lbl', 'Caption', 'Figure']);

/** What may hold what (PDF/UA, ISO 32000-1 §14.8.4): tables rows, rows cells, lists items, items a label and a body. */
const allowedKids: Record<string, readonly string[]> = {
  Table: ['TR', 'THead', 'TBody', 'TFoot', 'Caption'],
  TR: ['TH', 'TD'],
  L: ['LI', 'Caption'],
  LI: ['Lbl', 'LBody'],
};

/** What is wrong with one element where it stands, as readers of tagged PDF expect it. */
function elementProblems(node: StructNode, parent: string): string[] {
  const role = node.role!;
  const kids = (node.children ?? []).filter((c) => c.role !== undefined).map((c) => c.role!);
  const content = (node.children ?? []).length > kids.length;
  const problems: string[] = [];
  if (role === 'NonStruct' && (textRoles.has(parent) || !content)) problems.push(`NonStruct in ${parent}${content ? '' : ' holding only elements'}`);
  const allowed = allowedKids[role];
  if (allowed && !kids.every((k) => allowed.includes(k))) problems.push(`${role} holds ${kids.join(', ')}`);
  if (role === 'TR' && kids.length === 0) problems.push('an empty TR');
  if (role === 'Figure' && !node.alt) problems.push('a Figure without Alt');
  return problems;
}

/** The problems of every element of the pages' trees, and how many elements of each role there are. */
export function structureProblems(trees: readonly StructNode[]): { problems: string[]; roles: Map<string, number> } {
  const problems: string[] = [];
  const roles = new Map<string, number>();
  const walk = (node: StructNode, parent: string) => {
    roles.set(node.role!, (roles.get(node.role!) ?? 0) + 1);
    problems.push(...elementProblems(node, parent));
    for (const child of node.children ?? []) if (child.role !== undefined) walk(child, node.role!);
  };
  for (const page of trees) for (const top of page.children ?? []) if (top.role !== undefined) walk(top, 'Root');
  return { problems, roles };
}

/** The text of each header cell (TH, or cells of another `role`) as pdf.js reads the structure, page by page: what a screen reader reads as table headers. */
export async function headerCellTexts(path: string, role = 'TH'): Promise<string[][]> {
  const data = new Uint8Array(readFileSync(path));
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const texts = new Map<string, string>();
    let current: string | undefined;
    for (const item of content.items) {
      if ('type' in item && item.type === 'beginMarkedContentProps') current = item.id ?? undefined;
      else if ('type' in item && item.type === 'endMarkedContent') current = undefined;
      else if ('str' in item && current) texts.set(current, (texts.get(current) ?? '') + item.str);
    }
    const cells: string[] = [];
    const walk = (node: StructNode) => {
      if (node.role === role) cells.push(normalize((node.children ?? []).map((c) => texts.get(c.id ?? '') ?? '').join('')));
      for (const child of node.children ?? []) walk(child);
    };
    walk(((await page.getStructTree()) ?? {}) as StructNode);
    pages.push(cells.filter((c) => c !== ''));
  }
  await pdf.destroy();
  return pages;
}

/**
 * The ActualText of every marked-content span on the pages (pdf-lib decoding
 * the content streams), each with the operator that follows it: what a reader
 * that takes ActualText as it stands (poppler) reads in its place.
 */
export async function actualTexts(path: string): Promise<Array<{ text: string; next: string }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const found: Array<{ text: string; next: string }> = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const m of content.matchAll(/\/ActualText <([0-9A-Fa-f]*)> >> BDC\n([^\n]*)/g)) found.push({ text: m[1]!.toUpperCase(), next: m[2]! });
    }
  }
  return found;
}

/** The colours each page paints with (fill and stroke, as pdf.js reads its content: "#fff3b0"), page by page. */
export async function paintColours(path: string): Promise<Array<Set<string>>> {
  const data = new Uint8Array(readFileSync(path));
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: Array<Set<string>> = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const { fnArray, argsArray } = await (await pdf.getPage(i)).getOperatorList();
    const set = fnArray.flatMap((fn, j) => (fn === OPS.setFillRGBColor || fn === OPS.setStrokeRGBColor ? [String(argsArray[j][0])] : []));
    pages.push(new Set(set));
  }
  await pdf.destroy();
  return pages;
}

/** The outline (bookmarks), depth first: each title with its depth (0 for the top). */
export async function outlineOf(path: string): Promise<Array<{ title: string; depth: number }>> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const items: Array<{ title: string; depth: number }> = [];
  const visit = (ref: PDFObject | undefined, depth: number) => {
    let node = ref ? doc.context.lookupMaybe(ref, PDFDict) : undefined;
    while (node) {
      const title = node.lookup(PDFName.of('Title'));
      items.push({ title: title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '', depth });
      visit(node.get(PDFName.of('First')), depth + 1);
      const next = node.get(PDFName.of('Next'));
      node = next ? doc.context.lookupMaybe(next, PDFDict) : undefined;
    }
  };
  visit(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('First')), 0);
  return items;
}

/** Per page, its key into the structure tree's parent tree and whether that key is there; and the Figures' alternative texts. */
export async function structureOf(path: string): Promise<{ pages: Array<{ key?: number; inParentTree: boolean }>; figureAlts: string[] }> {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const keys = new Set<number>();
  const collect = (node: PDFDict) => {
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray)?.asArray() ?? [];
    for (let i = 0; i < nums.length; i += 2) keys.add(Number(nums[i]!.toString()));
    for (const kid of node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) collect(doc.context.lookup(kid, PDFDict));
  };
  collect(root.lookup(PDFName.of('ParentTree'), PDFDict));
  const figureAlts: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('S'))?.toString() === '/Figure') {
      const alt = object.lookup(PDFName.of('Alt'));
      figureAlts.push(alt instanceof PDFString || alt instanceof PDFHexString ? alt.decodeText() : '');
    }
  }
  return {
    pages: doc.getPages().map((page) => {
      const key = page.node.get(PDFName.of('StructParents'));
      return key === undefined ? { inParentTree: false } : { key: Number(key.toString()), inParentTree: keys.has(Number(key.toString())) };
    }),
    figureAlts,
  };
}

/** Every link to a place in the document, read with pdf.js: the page it is on and the page it leads to (undefined when its destination is not in the file). */
export async function linkTargets(path: string): Promise<Array<{ page: number; target?: number }>> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, isEvalSupported: false }).promise;
  const links: Array<{ page: number; target?: number }> = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    for (const annotation of await (await pdf.getPage(i)).getAnnotations()) {
      if (annotation.subtype !== 'Link' || !annotation.dest) continue;
      const dest = typeof annotation.dest === 'string' ? await pdf.getDestination(annotation.dest) : annotation.dest;
      links.push({ page: i, ...(dest && { target: (await pdf.getPageIndex(dest[0])) + 1 }) });
    }
  }
  await pdf.destroy();
  return links;
}
