import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFObjectCopier,
  type PDFPage,
  PDFPageEmbedder,
  type PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import { sha256 } from '../core/hash.ts';
import { memo } from '../core/memo.ts';
import { contentText, readPdf } from '../core/pdf.ts';
import { flateStream, replaceContent } from './content.ts';

/** A PDF bilaga ready to append: its label ("Bilaga 2"), title, the anchor the table of contents links to, and the bilaga as `readBilaga` prepared it. */
export interface AppendixPdf {
  label: string;
  title: string;
  anchor: string;
  doc: PDFDocument;
}

const bilagor = memo<Promise<PDFDocument>>(16);
const stampSets = memo<Promise<{ doc: PDFDocument; forms: PDFRef[] }>>(16);

/**
 * A PDF bilaga, read and cleaned once however many documents append it: the
 * references of its pages into its own structure tree are removed, and each
 * page's content is wrapped as one Figure (marked content 0).
 */
export function readBilaga(bytes: Uint8Array): Promise<PDFDocument> {
  return bilagor(sha256(bytes), async () => {
    const doc = await readPdf(bytes);
    for (const page of doc.getPages()) {
      replaceContent(doc, page, `q\n/Figure <</MCID 0 >>BDC\n${withoutForeignStructure(doc, page)}\nEMC\nQ\n`);
    }
    return doc;
  });
}

/**
 * Appends PDF bilagor after the document's pages. Each page is stamped with
 * a page of `stamps` (its label and page number), gets a bookmark on its
 * first page, and the table of contents' link to it is pointed there. The
 * appended pages' own structure is replaced: each page becomes a Figure with
 * alternative text in this document's structure tree.
 */
export async function appendBilagor(doc: PDFDocument, appendix: readonly AppendixPdf[], stamps: Uint8Array): Promise<void> {
  if (appendix.length === 0) return;
  const stampSet = await readStamps(stamps);
  const copier = PDFObjectCopier.for(stampSet.doc.context, doc.context);
  const stampForms = stampSet.forms.map((form) => copier.copy(form));
  const tree = openStructureTree(doc);
  let stamp = 0;
  for (const bilaga of appendix) {
    const pages = await doc.copyPages(bilaga.doc, bilaga.doc.getPageIndices());
    const section = tree.add('Sect', tree.documentRef, { T: PDFHexString.fromText(`${bilaga.label} ${bilaga.title}`) });
    pages.forEach((page, i) => {
      doc.addPage(page);
      const key = tree.nextKey();
      const figure = tree.add('Figure', section, {
        Pg: page.ref,
        K: PDFNumber.of(0),
        Alt: PDFHexString.fromText(`${bilaga.label}: ${bilaga.title}, sida ${i + 1} av ${pages.length}`),
      });
      tree.parentTreeEntry(key, figure);
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
      drawStamp(doc, page, stampForms[stamp++]!);
    });
    addBookmark(doc, `${bilaga.label} ${bilaga.title}`, pages[0]!);
    setDestination(doc, bilaga.anchor, pages[0]!);
  }
  tree.close();
}

/** The stamp pages as form XObjects, made once per set of labels. */
function readStamps(stamps: Uint8Array) {
  return stampSets(sha256(stamps), async () => {
    const doc = await readPdf(stamps);
    const forms = await Promise.all(doc.getPages().map(async (page) => (await PDFPageEmbedder.for(page.node)).embedIntoContext(doc.context)));
    return { doc, forms };
  });
}

/**
 * Lays a stamp over the top left of a page, as an artifact (not part of the
 * document's structure). The form and the stream that draws it are added to
 * the page directly: pdf-lib's newXObject and addContentStream would also
 * wrap the page's content in two more streams, compressed by pako at every
 * save, which the bilaga's own `q … Q` makes needless.
 */
function drawStamp(doc: PDFDocument, page: PDFPage, form: PDFRef): void {
  const resources = page.node.Resources() ?? doc.context.obj({});
  page.node.set(PDFName.of('Resources'), resources);
  const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict) ?? doc.context.obj({});
  resources.set(PDFName.of('XObject'), xobjects);
  const name = xobjects.uniqueKey('Stamp');
  xobjects.set(name, form);
  const box = page.getMediaBox();
  const y = box.y + box.height - stampHeight(doc, form);
  const text = `/Artifact BMC\nq 1 0 0 1 ${box.x.toFixed(2)} ${y.toFixed(2)} cm ${name.toString()} Do Q\nEMC\n`;
  const stamp = doc.context.register(flateStream(doc.context, Buffer.from(text, 'latin1')));
  const contents = page.node.get(PDFName.of('Contents'));
  const array = contents && doc.context.lookup(contents);
  if (array instanceof PDFArray) array.push(stamp);
  else page.node.set(PDFName.of('Contents'), doc.context.obj(contents ? [contents, stamp] : [stamp]));
}

function stampHeight(doc: PDFDocument, form: PDFRef): number {
  const stream = doc.context.lookup(form) as PDFRawStream;
  const bbox = stream.dict
    .lookup(PDFName.of('BBox'), PDFArray)
    .asArray()
    .map((n) => (n as PDFNumber).asNumber());
  return bbox[3]! - bbox[1]!;
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
  let key = root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0;
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
    parentTreeEntry(k: number, elem: PDFRef) {
      entries.push([k, elem]);
    },
    close() {
      const nums = entries.flatMap(([k, elem]) => [PDFNumber.of(k), doc.context.obj([elem])]);
      const direct = parentTree.lookupMaybe(PDFName.of('Nums'), PDFArray);
      if (direct) for (const n of nums) direct.push(n);
      else {
        const leaf = doc.context.obj({ Nums: nums, Limits: [entries[0]![0], entries.at(-1)![0]] });
        parentTree.lookup(PDFName.of('Kids'), PDFArray).push(doc.context.register(leaf));
      }
      root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(key));
    },
  };
}

/** The page's content without its marked-content operators; its keys into its own file's structure tree are dropped. */
function withoutForeignStructure(doc: PDFDocument, page: PDFPage): string {
  page.node.delete(PDFName.of('StructParents'));
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  for (const ref of annots?.asArray() ?? []) doc.context.lookupMaybe(ref, PDFDict)?.delete(PDFName.of('StructParent'));
  return contentText(doc, page)
    .split('\n')
    .filter((line) => !/(^|\s|>>)(BDC|BMC|EMC)\s*$/.test(line))
    .join('\n');
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
  const item = doc.context.register(
    doc.context.obj({
      Title: PDFHexString.fromText(title),
      Parent: parentRef,
      Dest: [page.ref, 'XYZ', PDFNull, PDFNull, PDFNull],
      ...(lastRef && { Prev: lastRef }),
    } as never),
  );
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
