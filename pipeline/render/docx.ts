import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { type FillIn, isFillIn } from '../core/model.ts';
import { templatesDir } from '../core/paths.ts';
import { plainWords, printable } from '../core/text.ts';
import type { Inline, MemoBlock, TjansteskrivelseView } from '../core/view.ts';
import { escapeHtml, styledRuns } from './inline.ts';

/**
 * A tjänsteskrivelse as a Word document (DOCX) with the content and order of
 * its PDF's letter (its bilagor are listed, not included: the PDF carries
 * them), for the handläggare who completes a draft in Word and files it in
 * the municipality's own case system. Each field still to fill in is a
 * plain-text content control: its tag names the field, its placeholder says
 * what to write. The same view gives the same bytes: the dates inside and
 * the zip's timestamps are the letter's own date.
 *
 * The package's fixed parts (styles, numbering definitions, page setup,
 * settings, theme, font table, relationships) are the files of
 * templates/docx/, as the PDF's look is templates/css/; only the letter's
 * body, its running header, its lists and its properties are written here.
 */
export function renderDocx(view: TjansteskrivelseView): Uint8Array {
  const fields = new Fields();
  const lists = new Lists();
  const body = (inline: Inline) => paragraph('BodyText', inline, fields);
  const bullets = (items: Inline[], kind: ListKind) => {
    if (items.length === 0) return '';
    const numId = lists.add(kind);
    return items.map((item) => paragraph('ListParagraph', item, fields, numId)).join('');
  };
  const blocks = (stycken: MemoBlock[]) => stycken.map((b) => ('text' in b ? body(b.text) : bullets(b.punkter, 'numrerad'))).join('');
  const content = [
    `<w:p><w:pPr><w:pStyle w:val="Kommun"/></w:pPr><w:r>${textElement(clean(view.kommun))}</w:r></w:p>`,
    letterhead(view, fields),
    paragraph('Heading1', view.titel, fields),
    paragraph('Heading2', view.forslagRubrik, fields),
    bullets(view.forslag, 'punkter'),
    body(view.underskrifter.forvaltning),
    signatures(view.underskrifter.personer, fields),
    ...view.sektioner.map((s) => paragraph('Heading2', s.rubrik, fields) + blocks(s.stycken)),
    view.bilagor.length > 0 ? paragraph('Heading2', 'Bilagor', fields) + bullets(view.bilagor, 'punkter') : '',
  ].join('');
  const date = view.meta.date ?? '2000-01-01';
  const parts = template();
  const written = new Map<string, string>([
    ['word/document.xml', fill(parts, 'word/document.xml', '<w:sectPr>', content)],
    ['word/header1.xml', fill(parts, 'word/header1.xml', '</w:hdr>', pageHeader(view))],
    ['word/numbering.xml', fill(parts, 'word/numbering.xml', '</w:numbering>', lists.xml())],
    ['docProps/core.xml', coreProperties(view, date)],
  ]);
  return zipPackage(
    PACKAGE_ORDER.map((name) => {
      const data = written.get(name) ?? parts.get(name);
      if (data === undefined) throw new Error(`templates/docx has no ${name}`);
      return [name, data];
    }),
    date,
  );
}

/** The package's parts in the order they are zipped, [Content_Types].xml first. */
const PACKAGE_ORDER = [
  '[Content_Types].xml',
  'word/_rels/document.xml.rels',
  'word/document.xml',
  'word/styles.xml',
  'docProps/core.xml',
  '_rels/.rels',
  'word/_rels/header1.xml.rels',
  'word/header1.xml',
  'docProps/custom.xml',
  'docProps/app.xml',
  'word/footnotes.xml',
  'word/_rels/footnotes.xml.rels',
  'word/endnotes.xml',
  'word/_rels/endnotes.xml.rels',
  'word/settings.xml',
  'word/fontTable.xml',
  'word/_rels/fontTable.xml.rels',
  'word/theme/theme1.xml',
  'word/numbering.xml',
];

/** The template's files as last read, with the size and time they had then. */
const readParts = new Map<string, { stamp: string; bytes: Buffer }>();

/**
 * The files of templates/docx/ by their path in the package. A file is read
 * again only when its size or time changed (a process that builds again and
 * again, `handlingar watch`, sees a style changed); kept, the same bytes are
 * the same object, which `zip` deflates once.
 */
function template(): Map<string, Buffer> {
  const dir = join(templatesDir, 'docx');
  const parts = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(path);
    const stamp = `${size} ${mtimeMs}`;
    let read = readParts.get(path);
    if (read?.stamp !== stamp) {
      read = { stamp, bytes: readFileSync(path) };
      readParts.set(path, read);
    }
    parts.set(relative(dir, path).split('\\').join('/'), read.bytes);
  }
  return parts;
}

/** A template part with `xml` put right before `marker` (the body before the page setup, the header's paragraph and the lists before their part's end). */
function fill(parts: Map<string, Buffer>, name: string, marker: string, xml: string): string {
  const text = parts.get(name)?.toString('utf8') ?? '';
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`templates/docx/${name} has no ${marker}`);
  return text.slice(0, at) + xml + text.slice(at);
}

/** Text and attribute values as XML: the five characters with a meaning escaped. */
function xmlText(text: string): string {
  return text.replace(/[&"'<>]/g, (c) => XML_ENTITIES[c]!);
}
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

const textElement = (text: string) => `<w:t xml:space="preserve">${xmlText(text)}</w:t>`;

type ListKind = 'punkter' | 'numrerad';

/**
 * The lists of one document: each list is a numbering instance of its own
 * (so that every list of a decision's points starts at 1), pointing at the
 * template's definition of its kind: bullets (the proposal, the bilagor) or
 * numbers (the points of a decision). Instance 1 is the template's own.
 */
class Lists {
  private readonly kinds: ListKind[] = [];

  /** A new list's numbering id. */
  add(kind: ListKind): number {
    this.kinds.push(kind);
    return this.kinds.length + 1;
  }

  xml(): string {
    return this.kinds
      .map(
        (kind, i) =>
          `<w:num w:numId="${i + 2}"><w:abstractNumId w:val="${ABSTRACT_NUM[kind]}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`,
      )
      .join('');
  }
}

/** The w:abstractNum of templates/docx/word/numbering.xml that numbers each kind of list. */
const ABSTRACT_NUM: Record<ListKind, number> = { punkter: 2, numrerad: 3 };

/**
 * The fields of one document, in the order they print. A field's tag is the
 * first words of its hint as an identifier ("Handläggare (namn, titel …)" →
 * `handlaggare`), numbered from the second time on (`forvaltning-2`), so that
 * tags are unique in the document and stay the same from build to build.
 */
class Fields {
  private readonly tags = new Set<string>();

  control(field: FillIn): string {
    const hint = clean(field.ifylles);
    const base = slug(hint);
    let tag = base;
    for (let n = 2; this.tags.has(tag); n++) tag = `${base}-${n}`;
    this.tags.add(tag);
    const value = (name: string, val: string) => `<${name} w:val="${xmlText(val)}"/>`;
    return [
      '<w:sdt><w:sdtPr>',
      value('w:alias', hint),
      value('w:tag', tag),
      value('w:id', String(this.tags.size)),
      '<w:showingPlcHdr/><w:text/></w:sdtPr>',
      // The placeholder reads as the PDF's field does.
      `<w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>${textElement(`[Fylls i: ${hint}]`)}</w:r></w:sdtContent>`,
      '</w:sdt>',
    ].join('');
  }
}

/** A tag from a hint: its words before any parenthesis or comma, without diacritics, lower case, joined by hyphens. */
function slug(hint: string): string {
  let tag = '';
  for (const word of plainWords(hint.split(/[(,:;]/)[0] ?? '')) if (tag.length + word.length < 40) tag = tag ? `${tag}-${word}` : word;
  return tag || 'falt';
}

/** A paragraph in `style` of printable text: runs for its bold and italic parts, a content control for each field; in list `numId` when given. */
function paragraph(style: string, inline: Inline, fields: Fields, numId?: number): string {
  const numbering = numId === undefined ? '' : `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>`;
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/>${numbering}</w:pPr>${runs(inline, fields)}</w:p>`;
}

function runs(inline: Inline, fields: Fields): string {
  if (Array.isArray(inline)) return inline.map((i) => runs(i, fields)).join('');
  if (isFillIn(inline)) return fields.control(inline);
  // As in the PDF, line breaks and runs of white space in the source are one space.
  return styledRuns(inline.replace(/[ \t\r\n]+/g, ' '))
    .map((r) => {
      const props = (r.bold ? '<w:b/><w:bCs/>' : '') + (r.italic ? '<w:i/><w:iCs/>' : '');
      return `<w:r>${props && `<w:rPr>${props}</w:rPr>`}${textElement(clean(r.text))}</w:r>`;
    })
    .join('');
}

/** Text an XML document can hold: printable (core/text.ts), without the two characters XML forbids (U+FFFE, U+FFFF) or lone surrogates. */
function clean(text: string): string {
  return printable(text).replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

const NO_BORDERS = ['top', 'left', 'bottom', 'right'].map((side) => `<w:${side} w:val="none" w:color="auto" w:sz="0"/>`).join('');

/** A table without borders of one row, its cells `width` twentieths of a point wide. */
function table(cells: string[][], width: number): string {
  const grid = cells.map(() => `<w:gridCol w:w="${width}"/>`).join('');
  const row = cells
    .map((paragraphs) => `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/><w:tcBorders>${NO_BORDERS}</w:tcBorders></w:tcPr>${paragraphs.join('')}</w:tc>`)
    .join('');
  const inside = '<w:insideH w:val="none" w:color="auto" w:sz="0"/><w:insideV w:val="none" w:color="auto" w:sz="0"/>';
  return `<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="100"/><w:tblBorders>${NO_BORDERS}${inside}</w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid><w:tr>${row}</w:tr></w:tbl>`;
}

/** The letterhead: who handles the matter on the left, what the letter is on the right, as a table without borders. */
function letterhead(view: TjansteskrivelseView, fields: Fields): string {
  const label = (text: string) => paragraph('Etikett', text, fields);
  const body = (inline: Inline) => paragraph('BodyText', inline, fields);
  const h = view.handlaggare;
  const left = [label('Handläggare'), ...[h.forvaltning, h.namn, h.titel, h.telefon, h.epost].filter((x) => x !== undefined).map(body)];
  const right = [
    ...[label('Handlingstyp'), body('Tjänsteskrivelse')],
    ...[label('Datum'), body(view.datum)],
    ...[label('Diarienummer'), body(view.diarienummer)],
    ...[label('Mottagare'), body(view.mottagare)],
  ];
  return table([left, right], 4513);
}

/** A place to sign for each person: a line, then name and title; side by side, as a table without borders. */
function signatures(people: TjansteskrivelseView['underskrifter']['personer'], fields: Fields): string {
  if (people.length === 0) return '';
  const place = (p: (typeof people)[number]) => [
    '<w:p><w:pPr><w:pStyle w:val="Underskriftslinje"/></w:pPr></w:p>',
    paragraph('BodyText', p.namn, fields),
    ...(p.titel === undefined ? [] : [paragraph('BodyText', p.titel, fields)]),
  ];
  return table(people.map(place), Math.floor(9026 / people.length));
}

/** The running header's paragraph, as the PDF's: the municipality, UTKAST on a draft, the page number of the number of pages. */
function pageHeader(view: TjansteskrivelseView): string {
  const field = (name: string) =>
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">${name}</w:instrText></w:r>` +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
  const text = [clean(view.meta.header), view.meta.draft ? 'UTKAST' : '', 'Sida '].map(textElement).join('<w:tab/>');
  return [
    '<w:p><w:pPr><w:pStyle w:val="Header"/><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs></w:pPr>',
    `<w:r>${text}</w:r>`,
    field('PAGE'),
    `<w:r>${textElement(' (')}</w:r>`,
    field('NUMPAGES'),
    `<w:r>${textElement(')')}</w:r></w:p>`,
  ].join('');
}

/** docProps/core.xml with the letter's date as created and modified (docx writes the time of the build) and its language. */
function coreProperties(view: TjansteskrivelseView, date: string): string {
  const element = (name: string, value: string) => `<${name}>${escapeHtml(clean(value))}</${name}>`;
  const when = `${date}T00:00:00Z`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    element('dc:title', view.meta.title),
    element('dc:subject', view.meta.subject),
    element('dc:creator', view.meta.author),
    element('cp:keywords', view.meta.keywords.join(', ')),
    element('dc:language', 'sv-SE'),
    element('cp:lastModifiedBy', view.meta.author),
    '<cp:revision>1</cp:revision>',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/**
 * The package zipped with every entry dated the letter's date (docx would
 * date them with the time of the build). A zip stores local time: noon of
 * that date, made in local time, is the same bytes in every time zone.
 */
function zipPackage(files: ReadonlyArray<readonly [string, string | Buffer]>, date: string): Uint8Array {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return zip(
    files.map(([name, data]) => [name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data]),
    new Date(year, month - 1, day, 12),
  );
}

/** The deflated bytes and CRC-32 of entries zipped before, by their bytes object: a template part is deflated once in a process. */
const deflated = new WeakMap<Uint8Array, { packed: Buffer; crc: number }>();

/**
 * A zip of `entries`, in their order, each deflated by Node's zlib (level 6)
 * and dated `mtime` (in local time, as a zip says it). Bytes zipped before
 * (the same object) are not deflated again, so they must not change once
 * zipped. No zip64: a letter's package is a few tens of kilobytes.
 */
export function zip(entries: ReadonlyArray<readonly [string, Uint8Array]>, mtime: Date): Buffer {
  const time = (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1);
  // A zip's date says years 1980 to 2107: a letter dated outside them is dated the nearest year it can say.
  const year = Math.min(Math.max(mtime.getFullYear(), 1980), 2107);
  const day = ((year - 1980) << 9) | ((mtime.getMonth() + 1) << 5) | mtime.getDate();
  const UTF8_NAMES = 0x0800;
  const DEFLATED = 8;
  const files: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const path = Buffer.from(name, 'utf8');
    let kept = deflated.get(data);
    if (!kept) {
      kept = { packed: deflateRawSync(data, { level: 6 }), crc: crc32(data) };
      deflated.set(data, kept);
    }
    const { packed, crc } = kept;
    // The fields a file's own header and its directory entry share: version needed, flags, method, time, date, CRC-32, sizes, name's length.
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0);
    shared.writeUInt16LE(UTF8_NAMES, 2);
    shared.writeUInt16LE(DEFLATED, 4);
    shared.writeUInt16LE(time, 6);
    shared.writeUInt16LE(day, 8);
    shared.writeUInt32LE(crc, 10);
    shared.writeUInt32LE(packed.length, 14);
    shared.writeUInt32LE(data.length, 18);
    shared.writeUInt16LE(path.length, 22);
    const local = Buffer.concat([u32(0x04034b50), shared, path]);
    // Made by version 2.0; no extra field, comment, disk or attributes; where the file's header is.
    directory.push(u32(0x02014b50), Buffer.from([20, 0]), shared, Buffer.alloc(10), u32(offset), path);
    files.push(local, packed);
    offset += local.length + packed.length;
  }
  const size = directory.reduce((n, part) => n + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...files, ...directory, end]);
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}
