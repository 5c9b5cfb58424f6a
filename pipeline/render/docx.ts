import { crc32, deflateRawSync } from 'node:zlib';
import {
  AlignmentType,
  BorderStyle,
  BuilderElement,
  Document,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type XmlComponent,
} from 'docx';
import { type FillIn, isFillIn } from '../core/model.ts';
import { printable } from '../core/text.ts';
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
 */
export async function renderDocx(view: TjansteskrivelseView): Promise<Uint8Array> {
  const fields = new Fields();
  const body = (inline: Inline) => paragraph(inline, fields);
  const bullets = (items: Inline[], reference: 'punkter' | 'numrerad', instance: number) =>
    items.map((item) => paragraph(item, fields, { style: 'ListParagraph', numbering: { reference, level: 0, instance } }));
  let lists = 0;
  const blocks = (stycken: MemoBlock[]) => stycken.flatMap((b) => ('text' in b ? [body(b.text)] : bullets(b.punkter, 'numrerad', ++lists)));
  const children = [
    new Paragraph({ style: 'Kommun', children: [new TextRun(clean(view.kommun))] }),
    letterhead(view, fields),
    paragraph(view.titel, fields, { heading: HeadingLevel.HEADING_1 }),
    paragraph(view.forslagRubrik, fields, { heading: HeadingLevel.HEADING_2 }),
    ...bullets(view.forslag, 'punkter', ++lists),
    body(view.underskrifter.forvaltning),
    ...signatures(view.underskrifter.personer, fields),
    ...view.sektioner.flatMap((s) => [paragraph(s.rubrik, fields, { heading: HeadingLevel.HEADING_2 }), ...blocks(s.stycken)]),
    ...(view.bilagor.length > 0 ? [paragraph('Bilagor', fields, { heading: HeadingLevel.HEADING_2 }), ...bullets(view.bilagor, 'punkter', ++lists)] : []),
  ];
  // Title, subject, creator and dates go into docProps/core.xml, written below.
  const document = new Document({
    styles,
    numbering,
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 } } }, headers: { default: pageHeader(view) }, children }],
  });
  const date = view.meta.date ?? '2000-01-01';
  const files = (Packer as unknown as PackerInside).compiler.compile(document, undefined, [
    { path: 'docProps/core.xml', data: coreProperties(view, date) },
    { path: 'word/fontTable.xml', data: fontTable },
  ]);
  return zipPackage(files, date);
}

/**
 * What `Packer` zips: its compiler's map of the package's files (docx 9; not
 * in its types). Taken before it is zipped, the package is zipped once, as
 * it is to be, instead of zipped by docx, unzipped and zipped again: a third
 * of a letter's DOCX time, which a batch of hundreds pays beside printing.
 */
interface PackerInside {
  compiler: { compile(file: Document, prettify: undefined, overrides: ReadonlyArray<{ path: string; data: string }>): Map<string, string | Uint8Array> };
}

/**
 * The fields of one document, in the order they print. A field's tag is the
 * first words of its hint as an identifier ("Handläggare (namn, titel …)" →
 * `handlaggare`), numbered from the second time on (`forvaltning-2`), so that
 * tags are unique in the document and stay the same from build to build.
 */
class Fields {
  private readonly tags = new Set<string>();

  control(field: FillIn): XmlComponent {
    const hint = clean(field.ifylles);
    const base = slug(hint);
    let tag = base;
    for (let n = 2; this.tags.has(tag); n++) tag = `${base}-${n}`;
    this.tags.add(tag);
    const value = (name: string, val: string) => new BuilderElement({ name, attributes: { val: { key: 'w:val', value: val } } });
    return new BuilderElement({
      name: 'w:sdt',
      children: [
        new BuilderElement({
          name: 'w:sdtPr',
          children: [
            value('w:alias', hint),
            value('w:tag', tag),
            value('w:id', String(this.tags.size)),
            new BuilderElement({ name: 'w:showingPlcHdr' }),
            new BuilderElement({ name: 'w:text' }),
          ],
        }),
        // The placeholder reads as the PDF's field does.
        new BuilderElement({ name: 'w:sdtContent', children: [new TextRun({ text: `[Fylls i: ${hint}]`, style: 'PlaceholderText' })] }),
      ],
    });
  }
}

/** A tag from a hint: its words before any parenthesis or comma, without diacritics, lower case, joined by hyphens. */
function slug(hint: string): string {
  const words = (hint.split(/[(,:;]/)[0] ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  let tag = '';
  for (const word of words ?? []) if (tag.length + word.length < 40) tag = tag ? `${tag}-${word}` : word;
  return tag || 'falt';
}

/** A paragraph of printable text: runs for its bold and italic parts, a content control for each field. */
function paragraph(inline: Inline, fields: Fields, options: ConstructorParameters<typeof Paragraph>[0] & object = { style: 'BodyText' }): Paragraph {
  const p = new Paragraph(options);
  for (const child of runs(inline, fields)) p.addChildElement(child);
  return p;
}

function runs(inline: Inline, fields: Fields): XmlComponent[] {
  if (Array.isArray(inline)) return inline.flatMap((i) => runs(i, fields));
  if (isFillIn(inline)) return [fields.control(inline)];
  // As in the PDF, line breaks and runs of white space in the source are one space.
  return styledRuns(inline.replace(/[ \t\r\n]+/g, ' ')).map(
    (r) => new TextRun({ text: clean(r.text), ...(r.bold && { bold: true }), ...(r.italic && { italics: true }) }),
  );
}

/** Text an XML document can hold: printable (core/text.ts), without the two characters XML forbids (U+FFFE, U+FFFF) or lone surrogates. */
function clean(text: string): string {
  return printable(text).replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

const cell = (children: Paragraph[], width: number) => new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: TableBorders.NONE });

/** The letterhead: who handles the matter on the left, what the letter is on the right, as a table without borders. */
function letterhead(view: TjansteskrivelseView, fields: Fields): Table {
  const label = (text: string) => new Paragraph({ style: 'Etikett', children: [new TextRun(text)] });
  const body = (inline: Inline) => paragraph(inline, fields);
  const h = view.handlaggare;
  const left = [label('Handläggare'), ...[h.forvaltning, h.namn, h.titel, h.telefon, h.epost].filter((x) => x !== undefined).map(body)];
  const right = [
    ...[label('Handlingstyp'), body('Tjänsteskrivelse')],
    ...[label('Datum'), body(view.datum)],
    ...[label('Diarienummer'), body(view.diarienummer)],
    ...[label('Mottagare'), body(view.mottagare)],
  ];
  return new Table({
    rows: [new TableRow({ children: [cell(left, 4513), cell(right, 4513)] })],
    columnWidths: [4513, 4513],
    borders: TableBorders.NONE,
  });
}

/** A place to sign for each person: a line, then name and title; side by side, as a table without borders. */
function signatures(people: TjansteskrivelseView['underskrifter']['personer'], fields: Fields): Table[] {
  if (people.length === 0) return [];
  const width = Math.floor(9026 / people.length);
  const place = (p: (typeof people)[number]) =>
    cell([new Paragraph({ style: 'Underskriftslinje' }), paragraph(p.namn, fields), ...(p.titel === undefined ? [] : [paragraph(p.titel, fields)])], width);
  return [new Table({ rows: [new TableRow({ children: people.map(place) })], columnWidths: people.map(() => width), borders: TableBorders.NONE })];
}

/** The running header, as the PDF's: the municipality, UTKAST on a draft, the page number. */
function pageHeader(view: TjansteskrivelseView): Header {
  const text = [clean(view.meta.header), new Tab(), view.meta.draft ? 'UTKAST' : '', new Tab(), 'Sida '];
  return new Header({
    children: [
      new Paragraph({
        style: 'Header',
        tabStops: [
          { type: TabStopType.CENTER, position: 4513 },
          { type: TabStopType.RIGHT, position: 9026 },
        ],
        children: [new TextRun({ children: [...text, PageNumber.CURRENT, ' (', PageNumber.TOTAL_PAGES, ')'] })],
      }),
    ],
  });
}

const font = { ascii: 'Source Sans 3', hAnsi: 'Source Sans 3', cs: 'Source Sans 3', eastAsia: 'Source Sans 3' };

/** Word's built-in styles where there is one (Heading 1 and 2, Body Text, List Paragraph, Placeholder Text, Header), and two of our own. */
const styles = {
  default: {
    document: { run: { font, size: 22, language: { value: 'sv-SE' } }, paragraph: { spacing: { after: 120, line: 276 } } },
    heading1: { run: { font, size: 36, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
    heading2: { run: { font, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
  },
  paragraphStyles: [
    { id: 'BodyText', name: 'Body Text', basedOn: 'Normal', next: 'BodyText', quickFormat: true },
    { id: 'Header', name: 'header', basedOn: 'Normal', run: { size: 18 }, paragraph: { spacing: { after: 0 } } },
    { id: 'Kommun', name: 'Kommun', basedOn: 'Normal', next: 'BodyText', run: { size: 32, bold: true }, paragraph: { spacing: { after: 240 } } },
    { id: 'Etikett', name: 'Etikett', basedOn: 'Normal', next: 'BodyText', run: { size: 18, bold: true }, paragraph: { spacing: { before: 120, after: 0 } } },
    {
      id: 'Underskriftslinje',
      name: 'Underskriftslinje',
      basedOn: 'Normal',
      next: 'BodyText',
      paragraph: { spacing: { before: 720, after: 60 }, border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 } } },
    },
  ],
  characterStyles: [{ id: 'PlaceholderText', name: 'Placeholder Text', basedOn: 'DefaultParagraphFont', run: { color: '595959' } }],
};

/** Bullets for the proposal and the bilagor, numbers for the points of a decision. */
const numbering = {
  config: [
    {
      reference: 'punkter',
      levels: [
        { level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 360 } } } },
      ],
    },
    {
      reference: 'numrerad',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 360 } } } },
      ],
    },
  ],
};

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

/** The font by name, not embedded: where Source Sans 3 is not installed, Word takes a sans-serif font of the same kind (Calibri, then Arial). */
const fontTable = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
  '<w:font w:name="Source Sans 3"><w:altName w:val="Calibri"/><w:panose1 w:val="020B0303030403020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>',
  '</w:fonts>',
].join('');

/**
 * The package zipped with every entry dated the letter's date (docx would
 * date them with the time of the build), [Content_Types].xml first. A zip
 * stores local time: noon of that date, made in local time, is the same
 * bytes in every time zone.
 */
function zipPackage(files: Map<string, string | Uint8Array>, date: string): Uint8Array {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const entries = [...files].sort(([a], [b]) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  return zip(
    entries.map(([name, data]) => [name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data]),
    new Date(year, month - 1, day, 12),
  );
}

/**
 * A zip of `entries`, in their order, each deflated by Node's zlib (level 6)
 * and dated `mtime` (in local time, as a zip says it). fflate's zipSync, which
 * made them before, deflates in JavaScript: four times as long, a fifth of a
 * letter's DOCX. No zip64: a letter's package is a few hundred kilobytes.
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
    const packed = deflateRawSync(data, { level: 6 });
    // The fields a file's own header and its directory entry share: version needed, flags, method, time, date, CRC-32, sizes, name's length.
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0);
    shared.writeUInt16LE(UTF8_NAMES, 2);
    shared.writeUInt16LE(DEFLATED, 4);
    shared.writeUInt16LE(time, 6);
    shared.writeUInt16LE(day, 8);
    shared.writeUInt32LE(crc32(data), 10);
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
