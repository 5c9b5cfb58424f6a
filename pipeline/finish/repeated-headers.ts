import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNull, PDFNumber, type PDFObject, type PDFPage, PDFRef } from 'pdf-lib';
import { contentBytes } from '../core/pdf.ts';
import { replaceContent } from './content.ts';

const [K, S, PG, MCID] = ['K', 'S', 'Pg', 'MCID'].map((name) => PDFName.of(name)) as [PDFName, PDFName, PDFName, PDFName];

/**
 * Chromium repeats a table's header row at the top of every page the table
 * runs onto, and tags each copy's text as more text of the same header
 * cells: a screen reader reads "Datum Möte Plats" once per page. A header
 * cell keeps its text on the first page it is on; its text on later pages
 * is taken out of the structure tree and marked as an artifact, as PDF/UA
 * asks of running material.
 */
export function unmarkRepeatedHeaders(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const unmarked = new Map<PDFRef, Set<number>>();
  for (const [, cell] of doc.context.enumerateIndirectObjects()) {
    if (!(cell instanceof PDFDict) || cell.get(S) !== PDFName.of('TH')) continue;
    const kids = kidsOf(cell).map((kid) => ({ kid, at: placeOf(doc, kid, cell.get(PG)) }));
    const first = kids.find((k) => k.at)?.at?.page;
    const repeats = kids.filter((k) => k.at && k.at.page !== first);
    if (repeats.length === 0) continue;
    for (const { at } of repeats) unmarked.set(at!.page, (unmarked.get(at!.page) ?? new Set()).add(at!.mcid));
    const kept = kids.filter((k) => !repeats.includes(k)).map((k) => k.kid);
    cell.set(K, kept.length === 1 ? kept[0]! : doc.context.obj(kept));
  }
  if (unmarked.size === 0) return;
  const parentTree = pageEntries(doc, root);
  for (const page of doc.getPages()) {
    const mcids = unmarked.get(page.ref);
    if (!mcids) continue;
    const entries = parentTree.get(page.node.lookupMaybe(PDFName.of('StructParents'), PDFNumber)?.asNumber() ?? -1);
    for (const mcid of mcids) if (entries && mcid < entries.size()) entries.set(mcid, PDFNull);
    unmarkContent(doc, page, mcids);
  }
}

function kidsOf(element: PDFDict): PDFObject[] {
  const kids = element.get(K);
  return kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
}

/** Where a child that is marked content is: its page and number (a bare number is on the element's page); none for a child element. */
function placeOf(doc: PDFDocument, kid: PDFObject, page: PDFObject | undefined): { page: PDFRef; mcid: number } | undefined {
  if (kid instanceof PDFNumber) return page instanceof PDFRef ? { page, mcid: kid.asNumber() } : undefined;
  const dict = kid instanceof PDFRef ? doc.context.lookupMaybe(kid, PDFDict) : kid instanceof PDFDict ? kid : undefined;
  const mcid = dict && !dict.has(S) ? dict.lookupMaybe(MCID, PDFNumber) : undefined;
  const on = dict?.get(PG) ?? page;
  return mcid && on instanceof PDFRef ? { page: on, mcid: mcid.asNumber() } : undefined;
}

/** The parent tree's entry of each page (by its StructParents key): an array, one element per piece of marked content. */
function pageEntries(doc: PDFDocument, root: PDFDict): Map<number, PDFArray> {
  const entries = new Map<number, PDFArray>();
  const walk = (node: PDFDict | undefined) => {
    const nums = node?.lookupMaybe(PDFName.of('Nums'), PDFArray);
    for (let i = 0; nums && i + 1 < nums.size(); i += 2) {
      const value = nums.lookup(i + 1);
      if (value instanceof PDFArray) entries.set((nums.get(i) as PDFNumber).asNumber(), value);
    }
    for (const kid of node?.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) walk(doc.context.lookupMaybe(kid, PDFDict));
  };
  walk(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict));
  return entries;
}

const MCID_MARK = Buffer.from(' <</MCID ');
const MARKED_LINE = /^\/\w+ <<\/MCID (\d+) >>BDC$/;
const ARTIFACT = Buffer.from('/Artifact BMC');

/**
 * Turns the page's marked content with these numbers (`/TH <</MCID 7 >>BDC`,
 * one operator a line, as Chromium writes) into artifacts. Only the lines
 * that open marked content are read as text.
 */
function unmarkContent(doc: PDFDocument, page: PDFPage, mcids: ReadonlySet<number>): void {
  const content = contentBytes(doc, page);
  const parts: Uint8Array[] = [];
  let copied = 0;
  const isLineEnd = (byte: number | undefined) => byte === 10 || byte === 13;
  for (let at = content.indexOf(MCID_MARK); at >= 0; at = content.indexOf(MCID_MARK, at + 1)) {
    let start = at;
    while (start > 0 && !isLineEnd(content[start - 1])) start--;
    let end = at;
    while (end < content.length && !isLineEnd(content[end])) end++;
    const number = MARKED_LINE.exec(content.toString('latin1', start, end))?.[1];
    if (number === undefined || !mcids.has(Number(number))) continue;
    parts.push(content.subarray(copied, start), ARTIFACT);
    copied = end;
  }
  if (parts.length === 0) return;
  parts.push(content.subarray(copied));
  replaceContent(doc, page, Buffer.concat(parts));
}
