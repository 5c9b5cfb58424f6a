import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFArray, PDFDict, type PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isScalar, LineCounter, parseDocument, type Scalar, visit } from 'yaml';
import { readPdf } from '../../pipeline/core/pdf.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { outlineOf, pageTexts } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';

/**
 * Every free text of every source, the register's names included, given a
 * hostile tail: markup, a way out of a CSS string and out of a style element,
 * a link, template syntax, replacement patterns, bidirectional and zero-width
 * controls, and terminal escape sequences. The documents are built, and what
 * the PDFs say, link to and outline, and what the terminal is sent, is read.
 */
const HOSTILE =
  ' <b>fet</b> "\'</style><h1>INJ</h1><a href="https://evil.example/m">länk</a>' +
  ' \\" } body { display: none } /* $$ $& $` {{header}} \u202eBESLUTAD\u202c \u200bnoll \u001b[2J\u001b]52;c;SGVq\u0007 \u009b31m';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Files below a folder. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

/**
 * Appends HOSTILE to every string value of every source; then takes it back
 * from each value validation then complains about (an id, a date, a value
 * from a list, a reference), until the sources validate: what is left is
 * every field that is free text.
 */
async function hostileSources(): Promise<{ sources: string; out: string; changed: number }> {
  const scratch = copyOfSources();
  let changed = 0;
  for (const file of yamlFiles(scratch.sources)) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.value) && typeof pair.value.value === 'string' && (pair.key as { value?: unknown })?.value !== 'typ') {
          pair.value.value += HOSTILE;
          changed++;
        }
      },
      Seq(_, seq) {
        for (const item of seq.items) if (isScalar(item) && typeof item.value === 'string') item.value += HOSTILE;
      },
    });
    writeFileSync(file, doc.toString({ lineWidth: 0 }));
  }
  for (let round = 0; round < 20; round++) {
    const errors = (await validateSources(scratch.sources)).messages.filter((m) => m.severity === 'error');
    if (errors.length === 0) return { sources: scratch.sources, out: scratch.out, changed };
    const places = new Map<string, Set<string>>();
    for (const m of errors) places.set(m.file!, (places.get(m.file!) ?? new Set()).add(`${m.line}:${m.column}`));
    for (const [file, at] of places) {
      const absolute = join(process.cwd(), file);
      const lineCounter = new LineCounter();
      const doc = parseDocument(readFileSync(absolute, 'utf8'), { lineCounter });
      const hostileAt = (node: Scalar, exact: boolean) => {
        const { line, col } = lineCounter.linePos(node.range![0]);
        return exact ? at.has(`${line}:${col}`) : [...at].some((place) => place.startsWith(`${line}:`));
      };
      // The value a message points at; when it points elsewhere (a missing key, a whole entry), every value on its line.
      for (const exact of [true, false]) {
        let reverted = 0;
        visit(doc, {
          Scalar(_, node) {
            if (typeof node.value === 'string' && node.value.endsWith(HOSTILE) && node.range && hostileAt(node, exact)) {
              node.value = node.value.slice(0, -HOSTILE.length);
              reverted++;
            }
          },
        });
        if (reverted > 0) break;
      }
      writeFileSync(absolute, doc.toString({ lineWidth: 0 }));
    }
  }
  throw new Error('the hostile sources did not come to validate');
}

/** Every annotation's and action's kind in a PDF, and whether any names a URI or a script. */
function actionsOf(doc: PDFDocument): string[] {
  const found: string[] = [];
  for (const page of doc.getPages()) {
    for (const ref of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) {
      const annotation = doc.context.lookupMaybe(ref, PDFDict);
      const action = annotation?.lookupMaybe(PDFName.of('A'), PDFDict);
      found.push(`${annotation?.get(PDFName.of('Subtype'))} ${action?.get(PDFName.of('S')) ?? 'dest'}`);
    }
  }
  return found;
}

let hostile: Awaited<ReturnType<typeof hostileSources>>;
let pdfs: string[];
beforeAll(async () => {
  hostile = await hostileSources();
  const report = await build({ sourcesDir: hostile.sources, outDir: hostile.out, force: true });
  expect(report.documents.map((d) => [d.source.split('/').pop(), d.status]).filter(([, s]) => s !== 'built')).toEqual([]);
  pdfs = report.documents.map((d) => d.output!);
}, 600_000);

describe('hostile text in every free-text field of every source', () => {
  it('is printed as text: nothing is markup, no link leads out, no heading is added, and no control character is printed', { timeout: 300_000 }, async () => {
    expect(hostile.changed).toBeGreaterThan(500);
    expect(pdfs).toHaveLength(19);
    let literal = 0;
    for (const file of pdfs) {
      const text = (await pageTexts(file)).join('\n');
      expect(text, file).not.toMatch(controls);
      literal += text.split('<b>fet</b>').length - 1;
      expect(
        actionsOf(await readPdf(readFileSync(file))).filter((a) => !/(GoTo|dest)$/.test(a)),
        file,
      ).toEqual([]);
      // The text itself is in the metadata, uncompressed; what must not be there is an action that opens it.
      expect(Buffer.from(readFileSync(file)).toString('latin1'), file).not.toMatch(/\/URI\b|\/JavaScript\b|\/JS\b|\/Launch\b/);
      expect(
        (await outlineOf(file)).map((o) => o.title).filter((t) => t.trim() === 'INJ'),
        file,
      ).toEqual([]);
    }
    expect(literal).toBeGreaterThan(100);
  });

  it('cannot change the running header: a draft still says UTKAST on every page, and the header shows the text as written', { timeout: 300_000 }, async () => {
    // The minutes' header is made from the body's name in the register, the tjänsteskrivelse's from the municipality's;
    // the letter's own two pages carry it (the pages after them are its PDF bilaga's, with a stamp of their own).
    for (const [name, own] of [
      ['minnesanteckningar-ledningsgruppen-2023-10-27.pdf', Infinity],
      ['tjansteskrivelse-sup-2040-salem.pdf', 2],
    ] as const) {
      const pages = (await pageTexts(join(hostile.out, name))).slice(0, own);
      for (const page of pages) {
        expect(page, name).toContain('</style><h1>INJ</h1>');
        expect(page, name).toContain('$$ $& $` {{header}}');
      }
      if (name.includes('salem')) for (const page of pages) expect(page.slice(0, 400), name).toContain('UTKAST');
    }
  });

  it('reaches the terminal with every control, bidirectional and zero-width character shown, not sent', async () => {
    const scratch = copyOfSources();
    scratch.write(
      'bilagor/fientlig.yaml',
      `typ: bilaga\nid: fientlig\ninnehall:\n  - ${JSON.stringify(`stycke${HOSTILE}`)}: text\n  - lista: ${JSON.stringify(`en${HOSTILE}`)}\n`,
    );
    const { stdout, stderr } = await runCommandLine('validate', '--sources', scratch.sources);
    expect(stdout).toContain('\\u{1b}[2J');
    expect(stdout).toContain('\\u{202e}BESLUTAD');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
    expect(`${stdout}${stderr}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
  });
});
