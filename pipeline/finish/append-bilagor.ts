import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFObject,
  PDFObjectCopier,
  PDFPage,
  PDFPageEmbedder,
  type PDFPageLeaf,
  type PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { sha256 } from '../core/hash.ts';
import { memo } from '../core/memo.ts';
import { contentText, hasStructureTree, readPdf } from '../core/pdf.ts';
import { flateStream, replaceContent } from './content.ts';

/** A PDF bilaga ready to append: its label ("Bilaga 2"), title, the anchor the table of contents links to, and the bilaga as `readBilaga` prepared it. */
export interface AppendixPdf extends Bilaga {
  label: string;
  title: string;
  anchor: string;
}

/**
 * A PDF bilaga as read once: tagged (its own structure tree, to be merged
 * under the document's) or not (each page's content one Figure).
 */
export interface Bilaga {
  doc: PDFDocument;
  /** The tagged bilaga's structure: the root's kids, its parent tree's entries, the keys it used (StructParents 0 … keys − 1), its role and class maps. */
  structure?: { kids: PDFObject[]; parentTree: Array<[number, PDFObject]>; keys: number; roleMap?: PDFDict; classMap?: PDFDict };
}

const bilagor = memo<Promise<Bilaga>>(16);
const stampSets = memo<Promise<{ doc: PDFDocument; forms: PDFRef[] }>>(16);

/**
 * A PDF bilaga, read and prepared once however many documents append it.
 * One with a structure tree keeps it: its elements get ids of their own
 * (this file's hash before them, so they cannot meet the document's), and
 * the root's kids lose their parent, which becomes a Part of the document
 * when appended. One without has no structure to keep: whatever marks its
 * pages carry are removed, and each page's content is wrapped as one Figure
 * (marked content 0).
 */
export function readBilaga(bytes: Uint8Array): Promise<Bilaga> {
  const hash = sha256(bytes);
  return bilagor(hash, async () => {
    const doc = await readPdf(bytes);
    if (hasStructureTree(doc)) {
      const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
      const kids = root.get(PDFName.of('K'))!;
      const tops = kids instanceof PDFArray ? kids.asArray() : [kids];
      for (const top of tops) doc.context.lookupMaybe(top, PDFDict)?.delete(PDFName.of('P'));
      renameIds(doc, tops, `${hash.slice(0, 8)}-`);
      const entries = numberTree(doc, root.lookup(PDFName.of('ParentTree'), PDFDict));
      const keys = root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? Math.max(-1, ...entries.map(([k]) => k)) + 1;
      const maps = {
        ...(root.lookupMaybe(PDFName.of('RoleMap'), PDFDict) && { roleMap: root.lookup(PDFName.of('RoleMap'), PDFDict) }),
        ...(root.lookupMaybe(PDFName.of('ClassMap'), PDFDict) && { classMap: root.lookup(PDFName.of('ClassMap'), PDFDict) }),
      };
      return { doc, structure: { kids: tops, parentTree: entries, keys, ...maps } };
    }
    for (const page of doc.getPages()) {
      replaceContent(doc, page, `q\n/Figure <</MCID 0 >>BDC\n${withoutForeignStructure(doc, page)}\nEMC\nQ\n`);
    }
    return { doc };
  });
}

/**
 * Appends PDF bilagor after the document's pages, each under a Part of the
 * document's structure tree, titled with its label and title. A tagged
 * bilaga's own structure tree goes under its Part: the keys of its pages
 * and annotations into the parent tree are moved past the document's, and
 * its role map joins the document's. An untagged bilaga's pages become one
 * Figure each, whose alternative text says the page cannot be read aloud.
 * Every page is stamped with a page of `stamps` (its label and page number),
 * the bilaga gets a bookmark on its first page, and the table of contents'
 * link to it is pointed there. Returns whether every bilaga was tagged.
 */
export async function appendBilagor(doc: PDFDocument, appendix: readonly AppendixPdf[], stamps: Uint8Array): Promise<{ tagged: boolean }> {
  if (appendix.length === 0) return { tagged: true };
  const stampSet = await readStamps(stamps);
  const stampCopier = PDFObjectCopier.for(stampSet.doc.context, doc.context);
  const stampForms = stampSet.forms.map((form) => stampCopier.copy(form));
  const tree = openStructureTree(doc);
  let stamp = 0;
  for (const bilaga of appendix) {
    // One copier for pages and structure: an element's page (Pg) is the page copied.
    const copier = PDFObjectCopier.for(bilaga.doc.context, doc.context);
    const pages = bilaga.doc.getPages().map((source) => {
      const ref = copier.copy(source.ref) as PDFRef;
      const page = PDFPage.of(doc.context.lookup(ref) as PDFPageLeaf, ref, doc);
      doc.addPage(page);
      return page;
    });
    const lang = bilaga.doc.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString);
    const part = tree.add('Part', tree.documentRef, { T: PDFHexString.fromText(`${bilaga.label} ${bilaga.title}`), ...(lang && { Lang: lang }) });
    const own = bilaga.structure;
    if (own) {
      const offset = tree.reserve(own.keys);
      for (const kid of own.kids) {
        const copied = copier.copy(kid);
        doc.context.lookupMaybe(copied, PDFDict)?.set(PDFName.of('P'), part);
        tree.kidsOf(part).push(copied);
      }
      for (const page of pages) moveKeys(doc, page, offset);
      for (const [key, value] of own.parentTree) tree.parentTreeEntry(key + offset, copier.copy(value));
      for (const [name, map] of [['RoleMap', own.roleMap] as const, ['ClassMap', own.classMap] as const])
        if (map) tree.merge(name, copier.copy(map) as PDFDict);
    }
    pages.forEach((page, i) => {
      if (!own) {
        const key = tree.reserve(1);
        const figure = tree.add('Figure', part, {
          Pg: page.ref,
          K: PDFNumber.of(0),
          Alt: PDFHexString.fromText(
            `${bilaga.label}: ${bilaga.title}, sida ${i + 1} av ${pages.length}. Bilagan är inte taggad: sidans text kan inte läsas upp här, bara ses.`,
          ),
        });
        tree.parentTreeEntry(key, doc.context.obj([figure]));
        page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
      }
      drawStamp(doc, page, stampForms[stamp++]!);
    });
    keepLinks(doc, bilaga.doc, copier, pages, `${bilaga.anchor}-`);
    addBookmark(doc, `${bilaga.label} ${bilaga.title}`, pages[0]!);
    setDestination(doc, bilaga.anchor, pages[0]!);
  }
  tree.close();
  return { tagged: appendix.every((a) => a.structure) };
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
 * Lays a stamp page over a page, top right corner on top right corner, as an
 * artifact (not part of the document's structure): the stamp's label sits
 * where "Sida X (Y)" sits on the document's own pages, however large the
 * page. The form and the stream that draws it are added to the page
 * directly: pdf-lib's newXObject and addContentStream would also wrap the
 * page's content in two more streams, compressed by pako at every save.
 */
function drawStamp(doc: PDFDocument, page: PDFPage, form: PDFRef): void {
  const resources = page.node.Resources() ?? doc.context.obj({});
  page.node.set(PDFName.of('Resources'), resources);
  const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict) ?? doc.context.obj({});
  resources.set(PDFName.of('XObject'), xobjects);
  const name = xobjects.uniqueKey('Stamp');
  xobjects.set(name, form);
  const box = page.getMediaBox();
  const [width, height] = stampSize(doc, form);
  const x = box.x + box.width - width;
  const y = box.y + box.height - height;
  // The page's own content may leave the graphics state changed (a bilaga's is not wrapped in q … Q): saved and restored around it.
  const text = `/Artifact BMC\nq 1 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)} cm ${name.toString()} Do Q\nEMC\n`;
  const before = doc.context.register(flateStream(doc.context, Buffer.from('q\n', 'latin1')));
  const stamp = doc.context.register(flateStream(doc.context, Buffer.from(`Q\n${text}`, 'latin1')));
  const contents = page.node.get(PDFName.of('Contents'));
  const array = contents && doc.context.lookup(contents);
  const streams = array instanceof PDFArray ? array.asArray() : contents ? [contents] : [];
  page.node.set(PDFName.of('Contents'), doc.context.obj([before, ...streams, stamp]));
}

function stampSize(doc: PDFDocument, form: PDFRef): [number, number] {
  const stream = doc.context.lookup(form) as PDFRawStream;
  const bbox = stream.dict
    .lookup(PDFName.of('BBox'), PDFArray)
    .asArray()
    .map((n) => (n as PDFNumber).asNumber());
  return [bbox[2]! - bbox[0]!, bbox[3]! - bbox[1]!];
}

/** Moves a copied page's keys into the parent tree (its own, its annotations', its forms') by `offset`. */
function moveKeys(doc: PDFDocument, page: PDFPage, offset: number): void {
  const move = (dict: PDFDict | undefined, key: string) => {
    const n = dict?.lookupMaybe(PDFName.of(key), PDFNumber);
    if (dict && n) dict.set(PDFName.of(key), PDFNumber.of(n.asNumber() + offset));
  };
  move(page.node, 'StructParents');
  for (const ref of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) move(doc.context.lookupMaybe(ref, PDFDict), 'StructParent');
  for (const [, ref] of page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.entries() ?? []) {
    const form = doc.context.lookup(ref);
    if (form instanceof PDFStream) move(form.dict, 'StructParents');
  }
}

/** Every entry of a number tree (a parent tree), in order. */
function numberTree(doc: PDFDocument, node: PDFDict): Array<[number, PDFObject]> {
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray)?.asArray() ?? [];
  const own: Array<[number, PDFObject]> = [];
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const key = doc.context.lookupMaybe(nums[i], PDFNumber);
    if (key) own.push([key.asNumber(), nums[i + 1]!]);
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? [];
  return [...own, ...kids.flatMap((kid) => numberTree(doc, doc.context.lookup(kid, PDFDict)))];
}

/** Gives the structure elements below `tops` ids with `prefix` before them, and their cells' references to header cells (Headers) likewise. */
function renameIds(doc: PDFDocument, tops: readonly PDFObject[], prefix: string): void {
  const seen = new Set<PDFDict>();
  const prefixed = (value: PDFObject | undefined) =>
    value instanceof PDFString || value instanceof PDFHexString ? PDFString.of(prefix + value.decodeText()) : undefined;
  const visit = (object: PDFObject | undefined): void => {
    const elem = object instanceof PDFRef ? doc.context.lookup(object) : object;
    if (!(elem instanceof PDFDict) || seen.has(elem) || !elem.has(PDFName.of('S'))) return;
    seen.add(elem);
    const id = prefixed(elem.get(PDFName.of('ID')));
    if (id) elem.set(PDFName.of('ID'), id);
    const attributes = elem.lookup(PDFName.of('A'));
    for (const attribute of attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : []) {
      const headers = doc.context.lookupMaybe(attribute, PDFDict)?.lookupMaybe(PDFName.of('Headers'), PDFArray);
      headers?.asArray().forEach((header, i) => {
        headers.set(i, prefixed(header) ?? header);
      });
    }
    const kids = elem.get(PDFName.of('K'));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : [kids]) visit(kid);
  };
  for (const top of tops) visit(top);
}

/** The parts of the structure tree we add to: the Document element, the parent tree, the next key. */
function openStructureTree(doc: PDFDocument) {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const top = root.get(PDFName.of('K'));
  const topDict = top ? doc.context.lookupMaybe(top, PDFDict) : undefined;
  const documentRef = (topDict?.get(PDFName.of('S'))?.toString() === '/Document' ? top : doc.context.getObjectRef(root)) as PDFRef;
  const parentTree = root.lookup(PDFName.of('ParentTree'), PDFDict);
  const entries: Array<[number, PDFObject]> = [];
  let key = root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0;
  const kidsOf = (parent: PDFRef): PDFArray => {
    const elem = doc.context.lookup(parent, PDFDict);
    const kids = elem.get(PDFName.of('K'));
    if (kids instanceof PDFArray) return kids;
    const array = doc.context.obj(kids ? [kids] : []);
    elem.set(PDFName.of('K'), array);
    return array;
  };
  return {
    documentRef,
    kidsOf,
    /** Keys for `count` more entries of the parent tree: the first of them. */
    reserve(count: number): number {
      key += count;
      return key - count;
    },
    add(role: string, parent: PDFRef, extra: Record<string, unknown>): PDFRef {
      const ref = doc.context.register(doc.context.obj({ Type: 'StructElem', S: role, P: parent, ...extra } as never));
      kidsOf(parent).push(ref);
      return ref;
    },
    parentTreeEntry(k: number, value: PDFObject) {
      entries.push([k, value]);
    },
    /** Adds the entries of a bilaga's role or class map that the document's lacks. */
    merge(name: 'RoleMap' | 'ClassMap', map: PDFDict) {
      const own = root.lookupMaybe(PDFName.of(name), PDFDict) ?? doc.context.obj({});
      root.set(PDFName.of(name), own);
      for (const [entry, value] of map.entries()) if (!own.has(entry)) own.set(entry, value);
    },
    close() {
      if (entries.length === 0) return root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(key));
      entries.sort((a, b) => a[0] - b[0]);
      const nums = entries.flatMap(([k, value]) => [PDFNumber.of(k), value]);
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
/**
 * Keeps the links inside a bilaga working once its pages are the document's:
 * a link to a named destination of the bilaga (the table of contents of an
 * appended plan: `/Dest /avsnitt-budget`) would look the name up in the
 * document's own destinations and find nothing, or another section of the
 * same name. Each such destination is copied, its page the copied page, under
 * the name with `prefix` before it, and the link renamed to match.
 */
function keepLinks(doc: PDFDocument, bilaga: PDFDocument, copier: PDFObjectCopier, pages: readonly PDFPage[], prefix: string): void {
  const theirs = bilaga.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!theirs) return;
  for (const page of pages) {
    for (const ref of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) {
      const annot = doc.context.lookupMaybe(ref, PDFDict);
      const action = annot?.lookupMaybe(PDFName.of('A'), PDFDict);
      const holder = annot?.get(PDFName.of('Dest')) ? annot : action?.lookupMaybe(PDFName.of('S'), PDFName) === PDFName.of('GoTo') ? action : undefined;
      const key = holder === annot ? 'Dest' : 'D';
      const name = holder?.get(PDFName.of(key));
      const target = name instanceof PDFName ? theirs.get(name) : undefined;
      if (!holder || !(name instanceof PDFName) || !target) continue;
      const renamed = `${prefix}${name.decodeText()}`;
      destinations(doc).set(PDFName.of(renamed), copier.copy(target));
      holder.set(PDFName.of(key), PDFName.of(renamed));
    }
  }
}

/** The document's named destinations (the catalog's Dests), made when it has none. */
function destinations(doc: PDFDocument): PDFDict {
  let dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) {
    dests = doc.context.obj({});
    doc.catalog.set(PDFName.of('Dests'), doc.context.register(dests));
  }
  return dests;
}

function setDestination(doc: PDFDocument, anchor: string, page: PDFPage): void {
  destinations(doc).set(PDFName.of(anchor), doc.context.obj([page.ref, 'XYZ', 0, page.getHeight(), 0]));
}
