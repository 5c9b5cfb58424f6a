import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import { countFillIns } from '../../pipeline/core/model.ts';
import { defaultSourcesDir } from '../../pipeline/core/paths.ts';
import type { TjansteskrivelseView } from '../../pipeline/core/view.ts';
import { type BuildReport, build } from '../../pipeline/orchestrate/build.ts';
import { readDocx } from '../helpers/docx.ts';
import { pageTexts } from '../helpers/pdf.ts';
import { preparedDocuments } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** Builds the eight sup-2040 letters once with real Chromium, then reads each DOCX back beside its PDF. */
const out = scratchDir('handlingar-docx-');
const options = {
  sourcesDir: defaultSourcesDir,
  outDir: out,
  editionsDir: defaultEditionsDir,
  archive: false,
  paths: [join(defaultSourcesDir, 'tjansteskrivelse', 'sup-2040')],
};
const municipalities = ['botkyrka', 'haninge', 'huddinge', 'nykvarn', 'nynashamn', 'salem', 'sodertalje', 'tyreso'];
const file = (kommun: string, ext: 'pdf' | 'docx') => join(out, `tjansteskrivelse-sup-2040-${kommun}.${ext}`);
let report: BuildReport;
let views: Map<string, TjansteskrivelseView>;

beforeAll(async () => {
  report = await build(options);
  views = new Map((await preparedDocuments()).map((d) => [d.fileName, d.view as TjansteskrivelseView]));
}, 300_000);

/** The words of a text, without punctuation and list marks: the PDF's text and the DOCX's break and space them differently. */
const words = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];

/** The words the letter's own pages print, without the running header and the appended PDF bilaga's pages. */
async function pdfWords(kommun: string): Promise<string[]> {
  const view = views.get(`tjansteskrivelse-sup-2040-${kommun}.pdf`)!;
  const header = new RegExp(`${view.meta.header}( UTKAST)? Sida \\d+ \\(\\d+\\)`, 'g');
  // The letter's own pages: not those of its bilagor, appended (stamped "Bilaga N · Sida …") or set from a bilaga file (each begins "Bilaga N …").
  const pages = (await pageTexts(file(kommun, 'pdf'))).map((text) => text.replace(header, '').trim());
  const first = pages.findIndex((text) => /^Bilaga \d+ /.test(text) || /Bilaga \d+ · Sida \d+/.test(text));
  return pages.slice(0, first < 0 ? undefined : first).flatMap((text) => words(text));
}

describe('each tjänsteskrivelse also as DOCX', () => {
  it('is written beside its PDF and named in the report', () => {
    for (const kommun of municipalities) {
      const result = report.documents.find((d) => d.output === file(kommun, 'pdf'))!;
      expect(result.status).toBe('built');
      expect(result.companions).toEqual([file(kommun, 'docx')]);
      expect(existsSync(file(kommun, 'docx'))).toBe(true);
    }
  });

  it.each(municipalities)('%s: says what the PDF says, word for word and in the same order', async (kommun) => {
    const docx = readDocx(readFileSync(file(kommun, 'docx')));
    const docxWords = docx.paragraphs.flatMap((p) => words(p.text));
    expect(docxWords.join(' ')).toBe((await pdfWords(kommun)).join(' '));
  });

  it.each(municipalities)('%s: has a content control for every field the letter prints, at least one for every field the build counts', (kommun) => {
    const { controls } = readDocx(readFileSync(file(kommun, 'docx')));
    const view = views.get(`tjansteskrivelse-sup-2040-${kommun}.pdf`)!;
    const result = report.documents.find((d) => d.output === file(kommun, 'pdf'))!;
    expect(controls).toHaveLength(countFillIns(view));
    expect(controls.length).toBeGreaterThanOrEqual(result.fillIns);
    if (kommun === 'tyreso') expect(controls).toEqual([]);
    else expect(new Set(controls.map((c) => c.tag)).size).toBe(controls.length);
  });

  it('comes out byte for byte the same when built again', { timeout: 120_000 }, async () => {
    const before = municipalities.map((k) => readFileSync(file(k, 'docx')));
    for (const kommun of municipalities) rmSync(file(kommun, 'docx'));
    // The PDFs are up to date: nothing is printed, and the missing DOCX are written again.
    const again = await build(options);
    expect(again.documents.map((d) => d.status)).toEqual(Array(8).fill('current'));
    expect(municipalities.map((k) => readFileSync(file(k, 'docx')))).toEqual(before);
  });
});
