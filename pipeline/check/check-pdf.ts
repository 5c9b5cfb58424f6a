import {
  PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFObject,
} from 'pdf-lib';
import { contentText } from '../finish/content.ts';
import { readPdf } from '../finish/read-pdf.ts';

/** One failed rule of `handlingar check`. */
export interface CheckFailure {
  rule: string;
  message: string;
}

/**
 * Checks the machine-checkable rules of accessibility (PDF/UA) and archiving
 * (PDF/A) on any PDF: tagged, language, title shown, XMP title and
 * identifiers, sRGB output intent, embedded fonts, headings from H1 without
 * skipped levels, tables with header cells, page decorations as artifacts.
 * Passing is necessary, not sufficient: a full validator checks more.
 */
export async function checkPdf(bytes: Uint8Array): Promise<CheckFailure[]> {
  const doc = await readPdf(bytes, { ignoreEncryption: true });
  const failures: CheckFailure[] = [];
  const fail = (rule: string, message: string) => failures.push({ rule, message });
  const catalog = doc.catalog;
  const get = (dict: PDFDict | undefined, key: string) => dict?.lookup(PDFName.of(key));

  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const structRoot = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (String(get(markInfo, 'Marked')) !== 'true' || !structRoot) fail('pdf/tagged', 'The PDF is not tagged (no /MarkInfo /Marked true with a structure tree).');

  const lang = get(catalog, 'Lang');
  if (!lang || lang.toString().replace(/[()<>]/g, '').length === 0) fail('pdf/lang', 'The document has no language (/Lang in the catalog).');

  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (!doc.getTitle() || String(get(viewer, 'DisplayDocTitle')) !== 'true') {
    fail('pdf/title', 'The document has no title, or viewers are not asked to show it (/DisplayDocTitle).');
  }

  const xmp = metadataText(doc);
  if (!/<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) fail('pdf/xmp-title', 'The XMP metadata has no dc:title.');
  if (!/<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part="1"/.test(xmp)) fail('pdf/pdfua-id', 'The XMP metadata does not identify the file as PDF/UA-1 (pdfuaid:part).');
  if (!/<pdfaid:part>[1-4]<\/pdfaid:part>|pdfaid:part="[1-4]"/.test(xmp)) fail('pdf/pdfa-id', 'The XMP metadata does not identify the file as PDF/A (pdfaid:part).');

  if (!hasSrgbIntent(doc)) fail('pdf/output-intent', 'There is no PDF/A output intent with an RGB ICC profile.');

  const unembedded = unembeddedFonts(doc);
  if (unembedded.length > 0) fail('pdf/fonts-embedded', `Fonts not embedded: ${unembedded.join(', ')}.`);

  const roles = structRoot ? structureRoles(doc, structRoot) : [];
  const headings = roles.map((r) => /^H([1-6])$/.exec(r.role)).filter((m) => m !== null).map((m) => Number(m[1]));
  if (headings.length > 0 && headings[0] !== 1) fail('pdf/headings', `The first heading is H${headings[0]}, not H1.`);
  headings.forEach((level, i) => {
    if (i > 0 && level > headings[i - 1]! + 1) fail('pdf/headings', `Heading level skipped: H${headings[i - 1]} is followed by H${level}.`);
  });
  const tables = roles.filter((r) => r.role === 'Table');
  const bare = tables.filter((t) => !t.descendants.includes('TH')).length;
  if (bare > 0) fail('pdf/table-headers', `${bare} of ${tables.length} tables have no header cells (TH).`);

  const untagged = doc.getPages().map((page, i) => (hasUnmarkedText(contentText(doc, page)) ? i + 1 : 0)).filter(Boolean);
  if (untagged.length > 0) fail('pdf/artifacts', `Text outside the structure tree and not marked as an artifact on page ${untagged.join(', ')} (running headers and footers must be artifacts).`);
  return failures;
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
