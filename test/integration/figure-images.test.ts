import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { editionSourcesDir } from '../../pipeline/archive/editions.ts';
import { checkArchive } from '../../pipeline/archive/verify.ts';
import { sha256 } from '../../pipeline/core/hash.ts';
import { imageType } from '../../pipeline/core/images.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { startWatch } from '../../pipeline/orchestrate/preview-server.ts';
import { rebuildEdition } from '../../pipeline/orchestrate/rebuild.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { renderHtml } from '../../pipeline/render/render-html.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { pageTexts, type StructNode, structureProblems, structureTrees } from '../helpers/pdf.ts';
import { copyOfSources, preparedDocuments } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/**
 * A figure that shows an image file (`figur: { bild: … }`): a scratch plan
 * with a PNG and an SVG written here (the real sources have no images),
 * built with Chromium and read back with pdf.js and pdf-lib.
 */

/** A PNG of one colour, `width` × `height` pixels, made by hand: signature, IHDR, one IDAT, IEND. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A JPEG of 8 × 8 mid-grey pixels, made by hand: baseline, one component, a
 * quantisation table of ones, Huffman tables of one code each (DC category 0,
 * AC end of block), and one block whose two bits say "no change, no more".
 */
function jpeg(): Buffer {
  const segment = (marker: number, data: number[]) => Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data]);
  const oneCode = [1, ...Array(15).fill(0), 0];
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, [0, ...Array(64).fill(1)]),
    segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, ...oneCode]),
    segment(0xc4, [0x10, ...oneCode]),
    segment(0xda, [1, 1, 0, 0, 63, 0]),
    Buffer.from([0b0011_1111, 0xff, 0xd9]),
  ]);
}

/** An SVG that would run a script and load an image from the network, were it inline: in an <img> it does neither. */
const svg = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Ritad för testet -->
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
  <script>document.title = 'körd'</script>
  <rect width="400" height="200" fill="#2a6f97"/>
  <circle cx="200" cy="100" r="60" fill="#f2c14e"/>
  <image href="https://example.invalid/bild.png" width="10" height="10"/>
</svg>
`;

const planText = `typ: verksamhetsplan
id: vp-bild
ar: 2031
utgivare: samarbetskommitten
datum: 2031-03-16
status: utkast
version: 1
sektioner:
  - id: karta
    rubrik: Karta
    innehall:
      - stycke: Kommunerna framgår av kartan nedan.
      - figur:
          alt: Karta över Södertörns åtta kommuner, i blått.
          bildtext: Södertörns kommuner
          bild: ../bilder/karta.png
  - id: plan
    rubrik: Plan
    innehall:
      - figur:
          alt: En gul cirkel på blå botten.
          bildtext: Ritning i SVG
          bild: ../bilder/ritning.svg
      - figur:
          alt: En grå ruta.
          bildtext: Foto i JPEG
          bild: ../bilder/foto.jpg
`;

/** The figures of the pages' structure trees: each Figure's Alt and the roles beside it. */
function figuresOf(trees: readonly StructNode[]): Array<{ alt?: string; siblings: string[] }> {
  const found: Array<{ alt?: string; siblings: string[] }> = [];
  const walk = (node: StructNode) => {
    for (const child of node.children ?? []) {
      if (child.role === 'Figure') found.push({ ...(child.alt !== undefined && { alt: child.alt }), siblings: (node.children ?? []).map((c) => c.role ?? '') });
      walk(child);
    }
  };
  for (const tree of trees) walk(tree);
  return found;
}

/** The sizes of the raster images the PDF holds (image XObjects), as "width×height". */
async function rasterImages(file: string): Promise<string[]> {
  const pdf = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  return pdf.context
    .enumerateIndirectObjects()
    .flatMap(([, object]) => (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image') ? [object.dict] : []))
    .map((dict) => `${(dict.get(PDFName.of('Width')) as PDFNumber).asNumber()}×${(dict.get(PDFName.of('Height')) as PDFNumber).asNumber()}`);
}

const scratch = copyOfSources();
const editions = scratchDir('handlingar-editions-');
const planFile = join(scratch.sources, 'verksamhetsplan', 'bild.yaml');
const pdf = join(scratch.out, 'verksamhetsplan-2031.pdf');
const options = { sourcesDir: scratch.sources, outDir: scratch.out, paths: [planFile], editionsDir: editions };
let first: Awaited<ReturnType<typeof build>>;

beforeAll(async () => {
  scratch.write('bilder/karta.png', png(300, 150, [0x2a, 0x6f, 0x97]));
  scratch.write('bilder/ritning.svg', svg);
  scratch.write('bilder/foto.jpg', jpeg());
  scratch.write('verksamhetsplan/bild.yaml', planText);
  first = await build(options);
}, 180_000);

describe('a figure with an image', () => {
  it('tells PNG, JPEG and SVG by their content, and nothing else', () => {
    expect(imageType(png(2, 2, [0, 0, 0]))).toBe('image/png');
    expect(imageType(jpeg())).toBe('image/jpeg');
    expect(imageType(Buffer.from(svg))).toBe('image/svg+xml');
    expect(imageType(Buffer.from('\uFEFF<svg viewBox="0 0 1 1"/>'))).toBe('image/svg+xml');
    expect(imageType(Buffer.from('<!DOCTYPE html><html><body><svg></svg></body></html>'))).toBeUndefined();
    expect(imageType(Buffer.from('typ: verksamhetsplan\n# <svg\n'))).toBeUndefined();
    expect(imageType(Buffer.from('GIF89a\x01\x00\x01\x00'))).toBeUndefined();
  });

  it('is embedded as a data: URL in an <img> with its alt text, in a figure with its caption; the page allows data: images and nothing from elsewhere', async () => {
    const document = (await preparedDocuments(scratch.sources)).find((d) => d.job.source.absolutePath === planFile)!;
    const html = renderHtml(document.job.kind, document.view as never);
    expect(html).toMatch(/img-src https:\/\/handlingar\.invalid data:"/);
    expect(html).toMatch(
      /<figure role="group" class="figur"><img src="data:image\/png;base64,[^"]+" alt="Karta över Södertörns åtta kommuner, i blått\."><figcaption>/,
    );
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="En gul cirkel på blå botten\.">/);
    expect(html).toMatch(/<img src="data:image\/jpeg;base64,[^"]+" alt="En grå ruta\.">/);
    expect(html).not.toContain('bilder/');
    expect(document.job.images).toEqual(['karta.png', 'ritning.svg', 'foto.jpg'].map((name) => join(scratch.sources, 'bilder', name)));
  });

  it('is printed, numbered, and tagged as a Figure with its Alt text beside its Caption, as pdf.js reads the structure', async () => {
    // Nothing the page asked for was refused: the images are in it (a refused request would be a print/blocked-request warning).
    expect(first.documents.map((d) => [d.status, d.messages])).toEqual([['built', []]]);
    const text = (await pageTexts(pdf)).join(' ');
    expect(text).toContain('Figur 1. Södertörns kommuner');
    expect(text).toContain('Figur 2. Ritning i SVG');
    expect(text).toContain('Figur 3. Foto i JPEG');
    // The PNG and the JPEG are in the PDF as the images they are (so the page's CSP let them load); the SVG is drawn.
    expect(await rasterImages(pdf)).toEqual(expect.arrayContaining(['300×150', '8×8']));
    const trees = await structureTrees(pdf);
    expect(figuresOf(trees)).toEqual([
      { alt: 'Karta över Södertörns åtta kommuner, i blått.', siblings: ['Figure', 'Caption'] },
      { alt: 'En gul cirkel på blå botten.', siblings: ['Figure', 'Caption'] },
      { alt: 'En grå ruta.', siblings: ['Figure', 'Caption'] },
    ]);
    expect(structureProblems(trees).problems).toEqual([]);
  });

  it('is an input: an unchanged image leaves the PDF as it is, a changed one rebuilds it; the edition keeps the image, and rebuild and verify use it', async () => {
    const edition = first.documents[0]!.edition!;
    expect(edition).toBeDefined();
    expect(existsSync(join(editionSourcesDir(editions, edition), 'bilder', 'karta.png'))).toBe(true);
    // Asked by the image's own path, the plan that shows it is built (here: found up to date).
    expect((await build({ ...options, paths: [join(scratch.sources, 'bilder', 'karta.png')] })).documents.map((d) => d.status)).toEqual(['current']);
    // Asked again as before, the last build's answer holds ("nothing to do"): the next build after the image changes must not take it.
    expect((await build(options)).documents.map((d) => d.status)).toEqual(['current']);

    const rebuilt = await rebuildEdition(editions, edition);
    expect([rebuilt!.identical, rebuilt!.problems]).toEqual([true, []]);

    scratch.write('bilder/karta.png', png(300, 150, [0xc0, 0x39, 0x2b]));
    const second = await build(options);
    expect(second.documents.map((d) => d.status)).toEqual(['built']);
    expect(second.documents[0]!.edition).not.toBe(edition);
    expect(readFileSync(join(editionSourcesDir(editions, second.documents[0]!.edition!), 'bilder', 'karta.png'))).toEqual(
      readFileSync(join(scratch.sources, 'bilder', 'karta.png')),
    );
    const archive = checkArchive(editions);
    expect(archive.editions.map((e) => e.id).sort()).toEqual([edition, second.documents[0]!.edition!].sort());
    expect(archive.editions.flatMap((e) => e.problems)).toEqual([]);
    expect(archive.stray).toEqual([]);
  }, 300_000);

  it('is watched: `handlingar watch` previews it and rebuilds the PDF when only the image changes', { timeout: 300_000 }, async () => {
    const local = copyOfSources();
    // Only the plan with images, so that each background build is quick.
    for (const folder of ['tjansteskrivelse', 'minnesanteckningar', 'verksamhetsplan']) rmSync(join(local.sources, folder), { recursive: true });
    local.write('bilder/ritning.svg', svg);
    local.write('bilder/foto.jpg', jpeg());
    local.write('bilder/karta.png', png(300, 150, [0x2a, 0x6f, 0x97]));
    local.write('verksamhetsplan/bild.yaml', planText);
    const said: string[] = [];
    const server = await startWatch({ sourcesDir: local.sources, outDir: local.out, port: 0, log: (line) => said.push(line) });
    const output = join(local.out, 'verksamhetsplan-2031.pdf');
    const printed = () => (existsSync(output) ? sha256(readFileSync(output)) : undefined);
    const waitFor = async (condition: () => boolean, what: string) => {
      for (let i = 0; i < 1200 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(condition(), what).toBe(true);
    };
    try {
      const red = png(300, 150, [0xc0, 0x39, 0x2b]);
      local.write('bilder/karta.png', red);
      await waitFor(() => printed() !== undefined, 'the first background build');
      const first = printed();
      const preview = await (await fetch(`http://127.0.0.1:${server.port}/html/verksamhetsplan/bild`)).text();
      expect(preview).toContain(`<img src="data:image/png;base64,${red.toString('base64').replaceAll('=', '&#x3D;')}"`);
      expect(preview).toMatch(/img-src 'self' data:;/);
      local.write('bilder/karta.png', png(300, 150, [0x27, 0xae, 0x60]));
      await waitFor(() => printed() !== undefined && printed() !== first, 'the build after the image changed');
      expect(said.filter((line) => line.includes('karta.png')).length).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it('is refused, at its line, when the file is too large or no image; in Swedish, and in English', async () => {
    const local = copyOfSources();
    local.write('bilder/stor.png', Buffer.concat([png(2, 2, [0, 0, 0]), Buffer.alloc(10 * 2 ** 20)]));
    local.write('bilder/karta.png', '<html><body>ingen bild</body></html>');
    local.write('bilder/foto.jpg', jpeg());
    const file = local.write('verksamhetsplan/bild.yaml', planText.replace('../bilder/ritning.svg', '../bilder/stor.png'));
    const messages = (await validateSources(local.sources, [file])).messages.filter((m) => m.file?.endsWith('bild.yaml'));
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.text.sv.reason])).toEqual([
      ['figur/image-format', 16, 17, 'Filen "../bilder/karta.png" är ingen PNG-, JPEG- eller SVG-bild (det avgörs av innehållet, inte av namnet).'],
      ['figur/image-too-large', 23, 17, 'Bildfilen "../bilder/stor.png" är 11 MB; en bild får vara högst 10 MB.'],
    ]);
    // A figure shows a goal structure or an image, not both.
    const both = local.write(
      'verksamhetsplan/bild.yaml',
      planText.replace(
        '          bild: ../bilder/foto.jpg\n',
        '          bild: ../bilder/foto.jpg\n          malstruktur: { vision: Södertörn, mal: [{ text: Ett mål }] }\n',
      ),
    );
    const [twoFigures, ...more] = (await validateSources(local.sources, [both])).messages.filter((m) => m.ruleId.startsWith('figur/one'));
    expect([twoFigures?.ruleId, twoFigures?.line, twoFigures?.text.sv.reason, more]).toEqual([
      'figur/one-figure',
      25,
      'Figuren har både malstruktur och bild; en figur visar det ena.',
      [],
    ]);
    local.write('verksamhetsplan/bild.yaml', planText.replace('../bilder/ritning.svg', '../bilder/stor.png'));
    // Said in Swedish by default, and in English when asked, at the file, line and column.
    const swedish = await runCommandLine('validate', '--sources', local.sources, file);
    expect(swedish.code).not.toBe(0);
    expect(swedish.stdout + swedish.stderr).toMatch(/bild\.yaml:16:17 +fel +Filen "\.\.\/bilder\/karta\.png" är ingen PNG-, JPEG- eller SVG-bild/);
    const english = await runCommandLine('--lang', 'en', 'validate', '--sources', local.sources, file);
    expect(english.stdout + english.stderr).toMatch(/bild\.yaml:16:17 +error +The file "\.\.\/bilder\/karta\.png" is not a PNG, JPEG or SVG image/);
  });
});
