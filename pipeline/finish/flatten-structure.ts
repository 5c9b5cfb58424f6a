import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRef } from 'pdf-lib';

/**
 * Structure elements that hold text themselves: marked content may sit
 * directly in them. Content of any other element (Document, Sect, L, Table,
 * TR …) keeps a wrapper.
 */
const holdsText = new Set(
  [
    'P',
    'H',
    'H1',
    'H2',
    'H3',
    'H4',
    'H5',
    'H6',
    'Span',
    'Link',
    'Em',
    'Strong',
    'TD',
    'TH',
    'LBody',
    'Lbl',
    'Caption',
    'Quote',
    'Note',
    'Code',
    'Figure',
    'Title',
  ].map((role) => `/${role}`),
);

/** Where the parent tree names each element: every mention, by the element's reference. */
type Owners = Map<PDFRef, Array<{ array: PDFArray; index: number }>>;

const [K, P, S, PG] = ['K', 'P', 'S', 'Pg'].map((name) => PDFName.of(name)) as [PDFName, PDFName, PDFName, PDFName];

/**
 * Removes the NonStruct elements Chromium wraps around every DOM node
 * without a role of its own (about six in ten of its structure elements):
 * each one's children move into its parent, in its place. A wrapper stays
 * only where it holds both text and blocks in an element that holds no text
 * (the Document, a table); one that holds only text there is a paragraph
 * (P); in a list item it is the item's body
 * (LBody), and whatever else an item holds beside its label gets one. The
 * parent tree, which names the element each piece of marked content and
 * each link belongs to, follows.
 */
export function flattenStructure(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const owners = parentTreeOwners(doc, root);
  const elements = elementsWithRole(doc, 'NonStruct');
  // A wrapper whose parent is a wrapper too waits until that one is gone: then it knows where its text would land.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [ref, wrapper] of elements) {
      const parentRef = wrapper.get(P);
      const parent = parentRef instanceof PDFRef ? doc.context.lookupMaybe(parentRef, PDFDict) : undefined;
      if (!parent || !(parentRef instanceof PDFRef)) continue;
      // In a list item, the wrapper is the item's body (Chromium tags the marker, Lbl, and leaves the text unnamed).
      if (parent.get(S) === PDFName.of('LI')) wrapper.set(S, PDFName.of('LBody'));
      else if (removable(wrapper, parent)) unwrap(doc, ref, wrapper, parentRef, parent, owners);
      // Text of its own in a Document or a section (a letterhead's line, a signature): a paragraph.
      else if (parent.get(S) !== PDFName.of('NonStruct') && onlyText(doc, wrapper)) wrapper.set(S, PDFName.of('P'));
      else continue;
      elements.delete(ref);
      changed = true;
    }
  }
  for (const [ref, item] of elementsWithRole(doc, 'LI')) giveBody(doc, ref, item);
}

/** A list item's children other than its label and body (a table of contents' Link) are put in a body of their own. */
function giveBody(doc: PDFDocument, ref: PDFRef, item: PDFDict): void {
  const kids = kidsOf(item);
  const loose = kids.filter((kid) => {
    const role = kid instanceof PDFRef ? doc.context.lookupMaybe(kid, PDFDict)?.get(S) : undefined;
    return role !== undefined && role !== PDFName.of('Lbl') && role !== PDFName.of('LBody');
  });
  if (loose.length === 0) return;
  const body = doc.context.register(doc.context.obj({ Type: 'StructElem', S: 'LBody', P: ref, K: loose }));
  for (const kid of loose) doc.context.lookup(kid as PDFRef, PDFDict).set(P, body);
  const rest = kids.filter((kid) => !loose.includes(kid));
  item.set(K, doc.context.obj([...rest.slice(0, kids.indexOf(loose[0]!)), body, ...rest.slice(kids.indexOf(loose[0]!))]));
}

/** The structure elements of a role, by reference. */
function elementsWithRole(doc: PDFDocument, role: string): Map<PDFRef, PDFDict> {
  const found = new Map<PDFRef, PDFDict>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(S) === PDFName.of(role)) found.set(ref, object);
  }
  return found;
}

const inline = new Set(['Span', 'Link', 'Em', 'Strong', 'Code', 'Quote'].map((role) => PDFName.of(role)));

/** True when an element holds only text: marked content and inline elements. */
function onlyText(doc: PDFDocument, element: PDFDict): boolean {
  return kidsOf(element).every((kid) => !(kid instanceof PDFRef) || inline.has(doc.context.lookupMaybe(kid, PDFDict)?.get(S) as PDFName));
}

/** Puts a wrapper's children in its place in its parent, and the parent in its place in the parent tree. */
function unwrap(doc: PDFDocument, ref: PDFRef, wrapper: PDFDict, parentRef: PDFRef, parent: PDFDict, owners: Owners): void {
  const kids = kidsOf(wrapper).map((kid) => moved(doc, kid, wrapper, parent, parentRef));
  replaceKid(doc, parent, ref, kids);
  for (const at of owners.get(ref) ?? []) at.array.set(at.index, parentRef);
  owners.set(parentRef, [...(owners.get(parentRef) ?? []), ...(owners.get(ref) ?? [])]);
  doc.context.delete(ref);
}

/** True when a wrapper's parent is known to stay, and can take its text, if it has any. */
function removable(wrapper: PDFDict, parent: PDFDict): boolean {
  if (parent.get(S) === PDFName.of('NonStruct')) return false;
  const hasText = kidsOf(wrapper).some((kid) => !(kid instanceof PDFRef));
  return !hasText || holdsText.has(parent.get(S)?.toString() ?? '');
}

/** A wrapper's child as its new parent takes it: an element gets its new parent, a piece of marked content says which page it is on. */
function moved(doc: PDFDocument, kid: PDFObject, wrapper: PDFDict, parent: PDFDict, parentRef: PDFRef): PDFObject {
  if (kid instanceof PDFRef) {
    const element = doc.context.lookupMaybe(kid, PDFDict);
    if (element?.has(S)) element.set(P, parentRef);
    return kid;
  }
  const page = wrapper.get(PG);
  // A bare number is marked content on the element's page (/Pg): on a parent of another page, or of none, it says its own.
  if (kid instanceof PDFNumber && page && parent.get(PG) !== page) return doc.context.obj({ Type: 'MCR', Pg: page, MCID: kid });
  if (kid instanceof PDFDict && !kid.has(PG) && page) kid.set(PG, page);
  return kid;
}

function kidsOf(element: PDFDict): PDFObject[] {
  const kids = element.get(K);
  return kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
}

/** Puts `replacement` in place of the child `ref` among the parent's children. */
function replaceKid(doc: PDFDocument, parent: PDFDict, ref: PDFRef, replacement: PDFObject[]): void {
  const kids = parent.get(K);
  if (!(kids instanceof PDFArray)) {
    const now = kids === ref ? replacement : kids ? [kids] : [];
    parent.set(K, now.length === 1 ? now[0]! : doc.context.obj(now));
    return;
  }
  // In place: an element of a long table or list loses its wrappers one by one, and copying its array into a new one each time cost more than the search.
  for (let at = 0; at < kids.size(); at++) {
    if (kids.get(at) !== ref) continue;
    kids.remove(at);
    for (const [i, kid] of replacement.entries()) kids.insert(at + i, kid);
    at += replacement.length - 1;
  }
  if (kids.size() === 1) parent.set(K, kids.get(0));
}

/** Where the parent tree names each element: the array and index of every mention, by the element's reference. */
function parentTreeOwners(doc: PDFDocument, root: PDFDict): Owners {
  const owners: Owners = new Map();
  const note = (array: PDFArray, index: number) => {
    const value = array.get(index);
    if (value instanceof PDFRef) owners.set(value, [...(owners.get(value) ?? []), { array, index }]);
  };
  const walk = (node: PDFDict | undefined) => {
    if (!node) return;
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
    for (let i = 1; nums && i < nums.size(); i += 2) {
      const value = nums.get(i);
      const array = value instanceof PDFRef ? doc.context.lookup(value) : value;
      // A page's entry is an array of elements, one per marked content; an annotation's is the element itself.
      if (array instanceof PDFArray && doc.context.lookupMaybe(array.get(0) ?? PDFNumber.of(0), PDFDict)?.get(S) !== undefined) {
        for (let j = 0; j < array.size(); j++) note(array, j);
      } else note(nums, i);
    }
    for (const kid of node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) walk(doc.context.lookupMaybe(kid, PDFDict));
  };
  walk(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict));
  return owners;
}
