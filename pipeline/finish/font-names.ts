import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

/**
 * The names Skia gives the fonts it embeds, as the fonts' default instance
 * has them ("SourceSans3ExtraLight-Bold"), and the family's own name.
 */
const familyNames: ReadonlyArray<[RegExp, string]> = [[/^SourceSans3ExtraLight(?=-|$)/, 'SourceSans3']];

/**
 * Names every embedded font subset as ISO 32000-1 §9.6.4 asks: a tag of six
 * capital letters made from the subset's own bytes (so different subsets
 * never share one, as Chromium's AAAAAA+, BAAAAA+ … do once a bilaga's fonts
 * join the document's), a plus sign, and the font's PostScript name with the
 * family's proper name. The font dictionary, its descendant and its
 * descriptor are renamed together, so they keep agreeing.
 */
export function nameFontSubsets(doc: PDFDocument): void {
  const tags = new Map<string, string>();
  const taken = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('CIDFontType0') || subtype === PDFName.of('CIDFontType2')) continue; // renamed with their Type0 parent
    const descendant = subtype === PDFName.of('Type0') ? object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict) : undefined;
    const descriptor = (descendant ?? object).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const file = descriptor && ['FontFile2', 'FontFile3', 'FontFile'].map((key) => descriptor.lookup(PDFName.of(key))).find((f) => f instanceof PDFRawStream);
    const base = object.lookupMaybe(PDFName.of('BaseFont'), PDFName);
    if (!descriptor || !(file instanceof PDFRawStream) || !base) continue;
    const digest = createHash('sha256').update(file.contents).digest('hex');
    let tag = tags.get(digest);
    if (!tag) {
      tag = tagOf(digest, taken);
      tags.set(digest, tag);
      taken.add(tag);
    }
    const name = PDFName.of(`${tag}+${properName(base.decodeText().replace(/^[A-Z]{6}\+/, ''))}`);
    for (const dict of [object, descendant, descriptor]) {
      if (!dict) continue;
      dict.set(PDFName.of(dict === descriptor ? 'FontName' : 'BaseFont'), name);
    }
  }
}

/** Six capital letters from a hash: each hex digit a letter A–P, moving along the hash until the tag is one not taken. */
function tagOf(digest: string, taken: ReadonlySet<string>): string {
  for (let at = 0; at + 6 <= digest.length; at++) {
    const tag = [...digest.slice(at, at + 6)].map((d) => String.fromCharCode(65 + Number.parseInt(d, 16))).join('');
    if (!taken.has(tag)) return tag;
  }
  throw new Error('no free font subset tag');
}

function properName(name: string): string {
  for (const [pattern, family] of familyNames) if (pattern.test(name)) return name.replace(pattern, family);
  return name;
}
