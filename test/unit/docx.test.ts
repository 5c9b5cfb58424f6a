import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { countFillIns } from '../../pipeline/core/model.ts';
import { projectRoot } from '../../pipeline/core/paths.ts';
import type { TjansteskrivelseView } from '../../pipeline/core/view.ts';
import { writeCompanions } from '../../pipeline/orchestrate/companions.ts';
import type { PlannedDocument } from '../../pipeline/orchestrate/plan.ts';
import type { DocumentToPrint } from '../../pipeline/orchestrate/print-documents.ts';
import { renderDocx, zip } from '../../pipeline/render/docx.ts';
import { readDocx } from '../helpers/docx.ts';
import { copyOfSources, preparedDocuments } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** The eight sup-2040 letters' views, prepared from the real sources (no browser). */
let letters: Map<string, TjansteskrivelseView>;
const letter = (kommun: string) => letters.get(kommun)!;
const docx = async (view: TjansteskrivelseView) => readDocx(await renderDocx(view));

beforeAll(async () => {
  const documents = (await preparedDocuments()).filter((d) => d.fileName.startsWith('tjansteskrivelse-sup-2040-'));
  letters = new Map(documents.map((d) => [/sup-2040-(.+)\.pdf$/.exec(d.fileName)![1]!, d.view as TjansteskrivelseView]));
});

afterEach(() => {
  vi.useRealTimers();
  delete process.env.TZ;
});

describe('a tjänsteskrivelse as DOCX', () => {
  it('has the letterhead as a table, the title as Heading 1, the other headings as Heading 2, body text in Body Text', async () => {
    const { paragraphs, tables } = await docx(letter('tyreso'));
    expect(tables).toBe(2); // the letterhead and the signatures
    const inHead = paragraphs.filter((p) => p.inTable).map((p) => p.text);
    expect(inHead.slice(0, 7)).toEqual([
      'Handläggare',
      'Kommunstyrelseförvaltningen',
      'Tanja Krsic',
      'Kommunsekreterare',
      '08-578 295 38',
      'Tanja.Krsic@tyreso.se',
      'Handlingstyp',
    ]);
    expect(inHead).toEqual(expect.arrayContaining(['Datum', '2023-02-01', 'Diarienummer', '2023/KS 0063 005', 'Mottagare', 'Kommunledningsutskottet']));
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(['Södertörns utvecklingsprogram 2040']);
    expect(paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual([
      'Kommunstyrelseförvaltningens förslag till kommunledningsutskottet för beslut i kommunstyrelsen',
      'Sammanfattning',
      'Beskrivning av ärendet',
      'Bilagor',
    ]);
    expect(paragraphs.filter((p) => p.style === 'BodyText').length).toBeGreaterThan(8);
    expect(paragraphs.every((p) => p.style !== undefined || p.inTable)).toBe(true);
  });

  it('makes the proposal, the bilagor and the points of a decision real lists', async () => {
    const view = letter('tyreso');
    const numbered = (await docx(view)).paragraphs.filter((p) => p.numbered);
    expect(numbered.map((p) => p.text)).toEqual([
      'Förslag till Södertörns utvecklingsprogram 2040 godkänns och ersätter motsvarande program som godkändes av kommunstyrelsen 2019-09-20 §\u00a0136.',
      'SUP 2040 Södertörns utvecklingsprogram 2023–2026',
    ]);
    const points = { ...view, sektioner: [{ id: 's', rubrik: 'Beslut', stycken: [{ text: 'Att' }, { punkter: ['ett', 'två'] }] }] };
    expect((await docx(points)).paragraphs.filter((p) => p.numbered).map((p) => p.text)).toEqual([expect.any(String), 'ett', 'två', expect.any(String)]);
    expect(readDocx(await renderDocx(points)).part('word/numbering.xml')).toContain('w:val="decimal"');
  });

  it.each(['botkyrka', 'haninge', 'huddinge', 'nykvarn', 'nynashamn', 'salem', 'sodertalje', 'tyreso'])(
    "%s: a content control for each field the letter prints, with a unique tag, its hint as placeholder; none in Tyresö's",
    async (kommun) => {
      const view = letter(kommun);
      const { controls } = await docx(view);
      expect(controls).toHaveLength(countFillIns(view));
      expect(new Set(controls.map((c) => c.tag)).size).toBe(controls.length);
      for (const c of controls) {
        expect(c.tag).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(c.placeholder).toBe(`[Fylls i: ${c.alias}]`);
        expect(c).toMatchObject({ showingPlaceholder: true, plainText: true });
      }
      if (kommun === 'tyreso') expect(controls).toEqual([]);
    },
  );

  it('names the fields by what they are, numbering a field that prints again', async () => {
    const tags = (await docx(letter('salem'))).controls.map((c) => c.tag);
    expect(tags).toEqual([
      'forvaltning',
      'handlaggare',
      'datum',
      'diarienummer',
      'mottagare',
      'forvaltning-2',
      'mottagare-2',
      'kommunstyrelsens-beslut-om-sup-2035',
      'forvaltning-3',
      'underskrift',
      'underskrift-2',
      'forvaltning-4',
      'mottagare-3',
      'kommunstyrelsens-beslut-om-sup-2035-2',
    ]);
  });

  it('has no content control and no UTKAST in a final letter', async () => {
    const scratch = copyOfSources();
    const tyreso = join('tjansteskrivelse', 'sup-2040', 'tyreso.yaml');
    scratch.write(tyreso, readFileSync(join(scratch.sources, tyreso), 'utf8').replace('status: utkast', 'status: beslutad'));
    const final = (await preparedDocuments(scratch.sources)).find((d) => d.fileName === 'tjansteskrivelse-sup-2040-tyreso.pdf')!;
    expect(final.view.meta.draft).toBe(false);
    const read = readDocx(await renderDocx(final.view as TjansteskrivelseView));
    expect(read.controls).toEqual([]);
    expect(read.part('word/document.xml')).not.toContain('w:sdt');
    expect(read.part('word/header1.xml')).not.toContain('UTKAST');
    expect((await docx(letter('tyreso'))).part('word/header1.xml')).toContain('UTKAST');
  });

  it('carries title, subject, creator (the municipality) and language sv-SE, dated with the letter', async () => {
    const read = await docx(letter('tyreso'));
    const core = read.part('docProps/core.xml');
    expect(core).toContain('<dc:title>Södertörns utvecklingsprogram 2040 – tjänsteskrivelse, Tyresö kommun</dc:title>');
    expect(core).toContain('<dc:creator>Tyresö kommun</dc:creator>');
    // Says what the letter is, never a verb of its own for what it proposes (it said "godkänner" where the proposal was "noteras").
    expect(core).toContain('<dc:subject>Förslag till beslut i kommunstyrelsen: Södertörns utvecklingsprogram 2040</dc:subject>');
    expect(core).toContain('<dc:language>sv-SE</dc:language>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-02-01T00:00:00Z</dcterms:created>');
    expect(read.part('word/styles.xml')).toContain('<w:lang w:val="sv-SE"/>');
    expect(read.part('word/styles.xml')).toContain('w:ascii="Source Sans 3"');
    expect(read.files[0]).toBe('[Content_Types].xml');
  });

  it('is the same bytes at any time and in any time zone', async () => {
    const view = letter('salem');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-06-01T08:00:00Z'));
    const first = await renderDocx(view);
    vi.setSystemTime(new Date('2044-12-24T23:59:59Z'));
    process.env.TZ = 'America/Los_Angeles';
    const second = await renderDocx(view);
    process.env.TZ = 'Asia/Tokyo';
    const third = await renderDocx(view);
    expect(Buffer.from(second).equals(first)).toBe(true);
    expect(Buffer.from(third).equals(first)).toBe(true);
  });

  it('writes hostile text as text: markup, entities, CDATA ends, control characters, w:t injection', async () => {
    const hostile = 'a <b> & c ]]> </w:t></w:r><w:r><w:t>injected</w:t> "q" \u0001\u0007\u202e\uFFFF x';
    const hint = 'Hint "quoted" <tag> & </w:tag>';
    const view: TjansteskrivelseView = {
      ...letter('salem'),
      titel: hostile,
      sektioner: [{ id: 's', rubrik: '<w:p>Rubrik</w:p>', stycken: [{ text: ['**fet** och *kursiv* ', { ifylles: hint }] }] }],
    };
    const read = await docx(view);
    expect(read.paragraphs.find((p) => p.style === 'Heading1')!.text).toBe('a <b> & c ]]> </w:t></w:r><w:r><w:t>injected</w:t> \u201dq\u201d  x');
    expect(read.paragraphs.map((p) => p.text)).toContain('<w:p>Rubrik</w:p>');
    const body = read.paragraphs.find((p) => p.text.startsWith('fet och'))!;
    expect(body).toMatchObject({ text: `fet och kursiv [Fylls i: ${hint}]`, bold: ['fet'], italic: ['kursiv'] });
    expect(read.controls.at(-1)).toMatchObject({ alias: hint, tag: 'hint-quoted-tag-w', placeholder: `[Fylls i: ${hint}]` });
  });

  it('is written beside the PDF, and not again when the bytes are the same', async () => {
    const out = scratchDir();
    const view = letter('salem');
    const planned = { prepared: { view } } as unknown as PlannedDocument;
    const document = { kind: 'tjansteskrivelse', source: 'salem.yaml', output: join(out, 'brev.pdf') } as DocumentToPrint;
    const first = await writeCompanions(planned, document, out, false);
    expect(first).toEqual({ files: [join(out, 'brev.docx')], messages: [] });
    const written = statSync(join(out, 'brev.docx')).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await writeCompanions(planned, document, out, false)).toEqual(first);
    expect(statSync(join(out, 'brev.docx')).mtimeMs).toBe(written);
  });

  it('of a document up to date is kept as it is, and made again only when it is missing', async () => {
    const out = scratchDir();
    const planned = { prepared: { view: letter('salem') } } as unknown as PlannedDocument;
    const document = { kind: 'tjansteskrivelse', source: 'salem.yaml', output: join(out, 'brev.pdf') } as DocumentToPrint;
    writeFileSync(join(out, 'brev.docx'), 'ifylld i Word');
    expect(await writeCompanions(planned, document, out, true)).toEqual({ files: [join(out, 'brev.docx')], messages: [] });
    expect(readFileSync(join(out, 'brev.docx'), 'utf8')).toBe('ifylld i Word');
    rmSync(join(out, 'brev.docx'));
    await writeCompanions(planned, document, out, true);
    expect(readFileSync(join(out, 'brev.docx'))).toEqual(Buffer.from(await renderDocx(letter('salem'))));
  });

  it('says which file could not be written, and why, instead of throwing', async () => {
    const out = scratchDir();
    mkdirSync(join(out, 'brev.docx'));
    const planned = { prepared: { view: letter('salem') } } as unknown as PlannedDocument;
    const document = { kind: 'tjansteskrivelse', source: 'salem.yaml', output: join(out, 'brev.pdf') } as DocumentToPrint;
    const { files, messages } = await writeCompanions(planned, document, out, false);
    expect(files).toEqual([]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'output/companion-write-failed', severity: 'error', file: 'salem.yaml' });
    expect(messages[0]!.text.sv.reason).toMatch(/^Filen \S*brev\.docx, som hör till dokumentet, kunde inte skrivas \(/);
  });
});

describe("a DOCX's fixed parts", () => {
  const templates = join(projectRoot, 'templates', 'docx');
  const files = readdirSync(templates, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(templates, join(entry.parentPath, entry.name)));

  it("are templates/docx's files: as they are, or with the letter's body, header and lists put in", async () => {
    const read = unzipSync(await renderDocx(letter('haninge')));
    const filled = ['word/document.xml', 'word/header1.xml', 'word/numbering.xml'];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const template = readFileSync(join(templates, file), 'utf8');
      const part = Buffer.from(read[file]!).toString('utf8');
      if (!filled.includes(file)) expect(part, file).toBe(template);
      else expect(part.length, file).toBeGreaterThan(template.length);
    }
    // The template's page setup and its empty body's end stand where the template has them, around the letter.
    const [before, after] = readFileSync(join(templates, 'word', 'document.xml'), 'utf8').split('<w:body>');
    const document = Buffer.from(read['word/document.xml']!).toString('utf8');
    expect(document.startsWith(`${before}<w:body><w:p>`)).toBe(true);
    expect(document.endsWith(after!)).toBe(true);
    // Every package part is a template's or one of the four the letter fills: nothing else, nothing missing.
    expect(Object.keys(read).sort()).toEqual([...new Set([...files, 'docProps/core.xml'])].sort());
  });
});

describe('the zip a DOCX is', () => {
  it('holds every entry, in order, with its bytes, its name (UTF-8) and its date, as another zip reader reads them', () => {
    const entries: Array<[string, Uint8Array]> = [
      ['[Content_Types].xml', Buffer.from('<Types/>')],
      ['word/document.xml', Buffer.from('<w:t>Södertörn</w:t>'.repeat(500))],
      ['tomt.xml', new Uint8Array()],
      ['word/bild-å.bin', Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)],
    ];
    const bytes = zip(entries, new Date(2023, 8, 21, 12, 0, 0));
    const read = unzipSync(bytes);
    expect(Object.keys(read)).toEqual(entries.map(([name]) => name));
    for (const [name, data] of entries) expect(Buffer.from(read[name]!).equals(data)).toBe(true);
    // Deflated: the repeated text takes far less room than it reads.
    expect(bytes.length).toBeLessThan(10_000 + 3000);
    // Every entry dated as asked: the local header's DOS time and date (12:00:00, 2023-09-21).
    const dates: Array<[number, number]> = [];
    for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 3, 4])); at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 3, 4]), at + 4))
      dates.push([bytes.readUInt16LE(at + 10), bytes.readUInt16LE(at + 12)]);
    expect(dates).toEqual(entries.map(() => [12 << 11, ((2023 - 1980) << 9) | (9 << 5) | 21]));
    // A streaming reader, which trusts the local headers alone, reads the same.
    const streamed: string[] = [];
    const unzip = new Unzip((file) => streamed.push(file.name));
    unzip.register(UnzipInflate);
    unzip.push(bytes, true);
    expect(streamed).toEqual(entries.map(([name]) => name));
  });

  it('dates a letter from before 1980 or after 2107 with the nearest year a zip can say', () => {
    const dayOf = (bytes: Buffer) => bytes.readUInt16LE(12);
    expect(dayOf(zip([['a', Buffer.from('x')]], new Date(1975, 5, 6, 12)))).toBe((0 << 9) | (6 << 5) | 6);
    expect(dayOf(zip([['a', Buffer.from('x')]], new Date(2150, 5, 6, 12)))).toBe((127 << 9) | (6 << 5) | 6);
    expect(Object.keys(unzipSync(zip([['a', Buffer.from('x')]], new Date(1975, 5, 6, 12))))).toEqual(['a']);
  });
});
