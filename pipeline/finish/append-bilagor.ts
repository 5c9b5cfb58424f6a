import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFPage, type PDFRef,
} from 'pdf-lib';
import { contentText, replaceContent } from './content.ts';

/** A PDF bilaga ready to append: its label ("Bilaga 2"), title, the anchor the table of contents links to, and its bytes. */
export interface AppendixPdf {
  label: string;
  title: string;
  anchor: string;
  bytes: Uint8Array;
}

/**
 * Appends PDF bilagor after the document's pages. Each page is stamped with
 * a page of `stamps` (its label and page number), gets a bookmark on its
 * first page, and the table of contents' link to it is pointed there. The
 * appended pages' own structure references point into another file's
 * structure tree, so they are removed, and each page becomes a Figure with
 * alternative text in this document's structure tree.
 */
export async function appendBilagor(doc: PDFDocument, bilagor: readonly AppendixPdf[], stamps: Uint8Array): Promise<void> {
  if (bilagor.length === 0) return;
  const stampPages = await doc.embedPages((await PDFDocument.load(stamps)).getPages());
  const tree = openStructureTree(doc);
  let stamp = 0;
  for (const bilaga of bilagor) {
    const foreign = await PDFDocument.load(bilaga.bytes, { updateMetadata: false });
    const pages = await doc.copyPages(foreign, foreign.getPageIndices());
    const section = tree.add('Sect', tree.documentRef, { T: PDFHexString.fromText(`${bilaga.label} ${bilaga.title}`) });
    pages.forEach((page, i) => {
      doc.addPage(page);
      removeForeignStructure(doc, page);
      const key = tree.nextKey();
      const figure = tree.add('Figure', section, {
        Pg: page.ref, K: PDFNumber.of(0), Alt: PDFHexString.fromText(`${bilaga.label}: ${bilaga.title}, sida ${i + 1} av ${pages.length}`),
      });
      tree.parentTreeEntry(key, figure);
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
      wrapContents(doc, page, '/Figure <</MCID 0 >>BDC\n', '\nEMC\n');
      const embedded = stampPages[stamp++]!;
      page.drawPage(embedded, { x: 0, y: page.getHeight() - embedded.height });
    });
    addBookmark(doc, `${bilaga.label} ${bilaga.title}`, pages[0]!);
    setDestination(doc, bilaga.anchor, pages[0]!);
  }
  tree.close();
}

/** The parts of the structure tree we add to: the Document element, the parent tree, the next key. */
function openStructureTree(doc: PDFDocument) {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const top = root.get(PDFName.of('K'));
  const topDict = top ? doc.context.lookupMaybe(top, PDFDict) : undefined;
  const documentRef = (topDict?.get(PDFName.of('S'))?.toString() === '/Document' ? top : doc.context.getObjectRef(root)) as PDFRef;
  const documentElem = doc.context.lookup(documentRef, PDFDict);
  const parentTree = root.lookup(PDFName.of('ParentTree'), PDFDict);
  const entries: Array<[number, PDFRef]> = [];
  let key = (root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0);
  const kidsOf = (elem: PDFDict): PDFArray => {
    const kids = elem.get(PDFName.of('K'));
    if (kids instanceof PDFArray) return kids;
    const array = doc.context.obj(kids ? [kids] : []);
    elem.set(PDFName.of('K'), array);
    return array;
  };
  return {
    documentRef,
    nextKey: () => key++,
    add(role: string, parent: PDFRef, extra: Record<string, unknown>): PDFRef {
      const ref = doc.context.register(doc.context.obj({ Type: 'StructElem', S: role, P: parent, ...extra } as never));
      kidsOf(parent === documentRef ? documentElem : doc.context.lookup(parent, PDFDict)).push(ref);
      return ref;
    },
    parentTreeEntry(k: number, elem: PDFRef) { entries.push([k, elem]); },
    close() {
      const nums = entries.flatMap(([k, elem]) => [PDFNumber.of(k), doc.context.obj([elem])]);
      const direct = parentTree.lookupMaybe(PDFName.of('Nums'), PDFArray);
      if (direct) nums.forEach((n) => direct.push(n));
      else {
        const leaf = doc.context.obj({ Nums: nums, Limits: [entries[0]![0], entries.at(-1)![0]] });
        parentTree.lookup(PDFName.of('Kids'), PDFArray).push(doc.context.register(leaf));
      }
      root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(key));
    },
  };
}

/** Drops the copied page's keys into another file's structure tree and its marked-content operators. */
function removeForeignStructure(doc: PDFDocument, page: PDFPage): void {
  page.node.delete(PDFName.of('StructParents'));
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  for (const ref of annots?.asArray() ?? []) doc.context.lookupMaybe(ref, PDFDict)?.delete(PDFName.of('StructParent'));
  const text = contentText(doc, page)
    .split('\n')
    .filter((line) => !/(^|\s|>>)(BDC|BMC|EMC)\s*$/.test(line))
    .join('\n');
  replaceContent(doc, page, text);
}

function wrapContents(doc: PDFDocument, page: PDFPage, before: string, after: string): void {
  replaceContent(doc, page, `${before}${contentText(doc, page)}${after}`);
}

/** Adds a bookmark as the last child of the outline's first item (the document's title). */
function addBookmark(doc: PDFDocument, title: string, page: PDFPage): void {
  let outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) {
    outlines = doc.context.obj({ Type: 'Outlines', Count: 0 });
    doc.catalog.set(PDFName.of('Outlines'), doc.context.register(outlines));
  }
  const firstRef = outlines.get(PDFName.of('First')) as PDFRef | undefined;
  const parentRef = firstRef ?? doc.context.getObjectRef(outlines)!;
  const parent = doc.context.lookup(parentRef, PDFDict);
  const lastRef = parent.get(PDFName.of('Last')) as PDFRef | undefined;
  const item = doc.context.register(doc.context.obj({
    Title: PDFHexString.fromText(title), Parent: parentRef, Dest: [page.ref, 'XYZ', PDFNull, PDFNull, PDFNull],
    ...(lastRef && { Prev: lastRef }),
  } as never));
  if (lastRef) doc.context.lookup(lastRef, PDFDict).set(PDFName.of('Next'), item);
  else parent.set(PDFName.of('First'), item);
  parent.set(PDFName.of('Last'), item);
  for (const dict of firstRef ? [parent, outlines] : [parent]) {
    const count = dict.lookupMaybe(PDFName.of('Count'), PDFNumber)?.asNumber() ?? 0;
    dict.set(PDFName.of('Count'), PDFNumber.of(count < 0 ? count - 1 : count + 1));
  }
}

/** Points the named destination `anchor` (the table of contents' link target) at a page. */
function setDestination(doc: PDFDocument, anchor: string, page: PDFPage): void {
  let dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) {
    dests = doc.context.obj({});
    doc.catalog.set(PDFName.of('Dests'), doc.context.register(dests));
  }
  dests.set(PDFName.of(anchor), doc.context.obj([page.ref, 'XYZ', 0, page.getHeight(), 0]));
}
