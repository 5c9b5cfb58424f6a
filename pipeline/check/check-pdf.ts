import { decodePDFRawStream, PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import { createMessage, defineRule, type Message, type Rule } from '../core/message.ts';
import { contentText, readPdf } from '../core/pdf.ts';

/** A PDF/UA or PDF/A rule: what is wrong, in each language, and (the same for every such rule) how to find out more. */
function pdfRule<P = Record<string, never>>(name: string, sv: (p: P) => string, en: (p: P) => string): Rule<P> {
  return defineRule<P>(`pdf/${name}`, 'error', {
    sv: (p) => ({ reason: sv(p), fix: 'En PDF från handlingar klarar alltid detta; en PDF från annat håll behöver göras om i verktyget den kom från.' }),
    en: (p) => ({ reason: en(p), fix: 'A PDF made by handlingar always passes this; a PDF from elsewhere must be made again with the tool it came from.' }),
  });
}

const unreadable = defineRule<{ detail: string }>('pdf/unreadable', 'error', {
  sv: ({ detail }) => ({ reason: `Filen kan inte läsas som PDF (${detail}).`, fix: 'Kontrollera sökvägen och att filen är en hel PDF.' }),
  en: ({ detail }) => ({ reason: `The file cannot be read as a PDF (${detail}).`, fix: 'Check the path and that the file is a whole PDF.' }),
});
const tagged = pdfRule(
  'tagged',
  () => 'PDF:en är inte taggad (ingen /MarkInfo /Marked true med ett strukturträd).',
  () => 'The PDF is not tagged (no /MarkInfo /Marked true with a structure tree).',
);
const lang = pdfRule(
  'lang',
  () => 'Dokumentet anger inget språk (/Lang i katalogen).',
  () => 'The document has no language (/Lang in the catalog).',
);
const title = pdfRule(
  'title',
  () => 'Dokumentet har ingen titel, eller ber inte läsprogram att visa den (/DisplayDocTitle).',
  () => 'The document has no title, or viewers are not asked to show it (/DisplayDocTitle).',
);
const xmpTitle = pdfRule(
  'xmp-title',
  () => 'XMP-metadata saknar dc:title.',
  () => 'The XMP metadata has no dc:title.',
);
const pdfuaId = pdfRule(
  'pdfua-id',
  () => 'XMP-metadata anger inte att filen är PDF/UA-1 (pdfuaid:part).',
  () => 'The XMP metadata does not identify the file as PDF/UA-1 (pdfuaid:part).',
);
const pdfaId = pdfRule(
  'pdfa-id',
  () => 'XMP-metadata anger inte att filen är PDF/A (pdfaid:part).',
  () => 'The XMP metadata does not identify the file as PDF/A (pdfaid:part).',
);
const outputIntent = pdfRule(
  'output-intent',
  () => 'Det finns ingen PDF/A-utdataavsikt (output intent) med en RGB-ICC-profil.',
  () => 'There is no PDF/A output intent with an RGB ICC profile.',
);
const fontsEmbedded = pdfRule<{ fonts: string[] }>(
  'fonts-embedded',
  ({ fonts }) => `Typsnitt som inte är inbäddade: ${fonts.join(', ')}.`,
  ({ fonts }) => `Fonts not embedded: ${fonts.join(', ')}.`,
);
const headings = pdfRule<{ first?: number; skipped?: [number, number] }>(
  'headings',
  ({ first, skipped }) => (skipped ? `En rubriknivå hoppas över: H${skipped[0]} följs av H${skipped[1]}.` : `Den första rubriken är H${first}, inte H1.`),
  ({ first, skipped }) => (skipped ? `Heading level skipped: H${skipped[0]} is followed by H${skipped[1]}.` : `The first heading is H${first}, not H1.`),
);
const tableHeaders = pdfRule<{ bare: number; tables: number }>(
  'table-headers',
  ({ bare, tables }) => `${bare} av ${tables} tabeller saknar rubrikceller (TH).`,
  ({ bare, tables }) => `${bare} of ${tables} tables have no header cells (TH).`,
);
const artifacts = pdfRule<{ pages: number[] }>(
  'artifacts',
  ({ pages }) => `Text utanför strukturträdet som inte är markerad som artefakt på sida ${pages.join(', ')} (sidhuvuden och sidfötter måste vara artefakter).`,
  ({ pages }) => `Text outside the structure tree and not marked as an artifact on page ${pages.join(', ')} (running headers and footers must be artifacts).`,
);

const textAsFigure = defineRule<{ pages: number[] }>('pdf/text-as-figure', 'warning', {
  sv: ({ pages }) => ({
    reason: `Sida ${pages.join(', ')} har text som bara är märkt som en bild (Figure), till exempel en otaggad PDF-bilaga: en skärmläsare läser bildens alternativtext, inte texten.`,
    fix: 'Lägg bilagan som en taggad PDF, eller skriv in den som en bilagefil (fil:), och bygg dokumentet igen.',
  }),
  en: ({ pages }) => ({
    reason: `Page ${pages.join(', ')} has text marked only as an image (Figure), for example an untagged PDF bilaga: a screen reader reads the image's alternative text, not the text.`,
    fix: 'Attach the bilaga as a tagged PDF, or write it in as a bilaga file (fil:), and build the document again.',
  }),
});

/**
 * Checks the machine-checkable rules of accessibility (PDF/UA) and archiving
 * (PDF/A) on any PDF: tagged, language, title shown, XMP title and
 * identifiers, sRGB output intent, embedded fonts, headings from H1 without
 * skipped levels, tables with header cells, page decorations as artifacts;
 * and warns of pages whose text is tagged only as a figure. Passing is necessary, not sufficient: a full validator checks more.
 * Returns one message per broken rule, about `file`.
 */
export async function checkPdf(bytes: Uint8Array, file?: string): Promise<Message[]> {
  const failures: Message[] = [];
  const fail = <P>(rule: Rule<P>, params: P) => failures.push(createMessage(rule, params, file === undefined ? {} : { file }));
  let doc: PDFDocument;
  try {
    doc = await readPdf(bytes, { ignoreEncryption: true });
  } catch (error) {
    fail(unreadable, { detail: (error as Error).message.split('\n')[0]! });
    return failures;
  }
  // The trailer names no document catalog: there is no document in the file.
  if (!(doc.catalog instanceof PDFDict)) {
    fail(unreadable, { detail: 'no /Root: the trailer names no document catalog' });
    return failures;
  }
  try {
    checkRules(doc, fail);
  } catch (error) {
    // A file pdf-lib reads but whose structure is broken (no catalog, a page tree that is no tree): unreadable, not a crash.
    fail(unreadable, { detail: (error as Error).message.split('\n')[0]! });
  }
  return failures;
}

/** Each rule of `checkPdf` on a document read. */
function checkRules(doc: PDFDocument, fail: <P>(rule: Rule<P>, params: P) => void): void {
  const catalog = doc.catalog;
  const get = (dict: PDFDict | undefined, key: string) => dict?.lookup(PDFName.of(key));

  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const structRoot = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (String(get(markInfo, 'Marked')) !== 'true' || !structRoot) fail(tagged, {});

  const language = get(catalog, 'Lang');
  if (!language || language.toString().replace(/[()<>]/g, '').length === 0) fail(lang, {});

  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (!doc.getTitle() || String(get(viewer, 'DisplayDocTitle')) !== 'true') fail(title, {});

  const xmp = metadataText(doc);
  if (!/<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) fail(xmpTitle, {});
  if (!/<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part="1"/.test(xmp)) fail(pdfuaId, {});
  if (!/<pdfaid:part>[1-4]<\/pdfaid:part>|pdfaid:part="[1-4]"/.test(xmp)) fail(pdfaId, {});

  if (!hasSrgbIntent(doc)) fail(outputIntent, {});

  const unembedded = unembeddedFonts(doc);
  if (unembedded.length > 0) fail(fontsEmbedded, { fonts: unembedded });

  const roles = structRoot ? structureRoles(doc, structRoot) : [];
  const levels = roles
    .map((r) => /^H([1-6])$/.exec(r.role))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]));
  if (levels.length > 0 && levels[0] !== 1) fail(headings, { first: levels[0]! });
  levels.forEach((level, i) => {
    if (i > 0 && level > levels[i - 1]! + 1) fail(headings, { skipped: [levels[i - 1]!, level] });
  });
  const tables = roles.filter((r) => r.role === 'Table');
  const bare = tables.filter((t) => !t.descendants.includes('TH')).length;
  if (bare > 0) fail(tableHeaders, { bare, tables: tables.length });

  // Each page's content decoded once, for both rules that read it.
  const contents = doc.getPages().map((page) => contentText(doc, page));
  const pagesWhere = (test: (text: string) => boolean) => contents.flatMap((text, i) => (test(text) ? [i + 1] : []));
  const untagged = pagesWhere(hasUnmarkedText);
  if (untagged.length > 0) fail(artifacts, { pages: untagged });
  const figures = pagesWhere(textOnlyInFigures);
  if (figures.length > 0) fail(textAsFigure, { pages: figures });
}

function metadataText(doc: PDFDocument): string {
  const stream = doc.catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream);
  if (!stream) return '';
  return Buffer.from(stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents()).toString('utf8');
}

function hasSrgbIntent(doc: PDFDocument): boolean {
  const intents = doc.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  return (intents?.asArray() ?? []).some((ref) => {
    const intent = doc.context.lookupMaybe(ref, PDFDict);
    const profile = intent?.lookupMaybe(PDFName.of('DestOutputProfile'), PDFStream);
    return intent?.lookup(PDFName.of('S'))?.toString() === '/GTS_PDFA1' && profile?.dict.lookup(PDFName.of('N'))?.toString() === '3';
  });
}

function unembeddedFonts(doc: PDFDocument): string[] {
  const missing = new Set<string>();
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookupMaybe(ref, PDFDict);
      if (!font || font.lookup(PDFName.of('Subtype'))?.toString() === '/Type3') continue;
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict);
      const descriptor = (descendant ?? font).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)));
      if (!embedded) missing.add(font.lookup(PDFName.of('BaseFont'))?.toString().slice(1) ?? 'unnamed');
    }
  }
  return [...missing];
}

/** The structure elements in reading order, with the roles of their descendants. */
function structureRoles(doc: PDFDocument, root: PDFDict): Array<{ role: string; descendants: string[] }> {
  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  const standard = (role: string) => roleMap?.lookup(PDFName.of(role))?.toString().slice(1) ?? role;
  const found: Array<{ role: string; descendants: string[] }> = [];
  const seen = new Set<PDFObject>();
  const visit = (object: PDFObject | undefined): string[] => {
    const node = object instanceof PDFRef ? doc.context.lookup(object) : object;
    if (!(node instanceof PDFDict) || seen.has(node)) return [];
    seen.add(node);
    const s = node.lookup(PDFName.of('S'));
    const entry = s ? { role: standard(s.toString().slice(1)), descendants: [] as string[] } : undefined;
    if (entry) found.push(entry);
    const kids = node.get(PDFName.of('K'));
    const list = kids instanceof PDFArray ? kids.asArray() : kids && !(kids instanceof PDFNumber) ? [kids] : [];
    const below = list.flatMap((kid) => visit(kid));
    if (entry) entry.descendants = below;
    return entry ? [entry.role, ...below] : below;
  };
  visit(root);
  return found;
}

/** True when a text object (BT) stands outside every marked-content sequence. */
function hasUnmarkedText(text: string): boolean {
  let depth = 0;
  for (const token of text.match(/\bBDC\b|\bBMC\b|\bEMC\b|\bBT\b/g) ?? []) {
    if (token === 'BDC' || token === 'BMC') depth++;
    else if (token === 'EMC') depth--;
    else if (depth <= 0) return true;
  }
  return false;
}

/** True when a page has text and every text object (BT) stands inside a Figure's marked content. */
function textOnlyInFigures(text: string): boolean {
  const open: string[] = [];
  let texts = 0;
  for (const [token, tag] of [...text.matchAll(/\/([A-Za-z]\w*)\s*(?:<<[\s\S]*?>>|\/\w+)?\s*BDC\b|\/([A-Za-z]\w*)\s*BMC\b|\bEMC\b|\bBT\b/g)].map(
    (m) => [m[0], m[1] ?? m[2]] as const,
  )) {
    if (token === 'EMC') open.pop();
    else if (token === 'BT') {
      if (!open.includes('Figure')) return false;
      texts++;
    } else open.push(tag!);
  }
  return texts > 0;
}
