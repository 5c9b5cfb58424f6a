import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import type { Message } from '../../pipeline/core/message.ts';
import { finishPdf } from '../../pipeline/finish/finish-pdf.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import type { PrintPage } from '../../pipeline/print/print-page.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch.ts';

const meta = { title: 'Prov', subject: 'Prov', author: 'Prov', keywords: [], date: '2023-01-01', draft: false, header: 'Prov' };
const rules = (failures: Message[]) => [...new Set(failures.map((f) => f.ruleId))].sort();
let session: BrowserSession;
let page: PrintPage;

/** A PDF printed by Chromium from our own HTML and finished by our pipeline: everything but the HTML is right. */
async function finished(body: string): Promise<Uint8Array> {
  const html = `<!DOCTYPE html><html lang="sv-SE"><head><meta charset="utf-8"><title>Prov</title></head><body>${body}</body></html>`;
  return finishPdf((await page.print(html)).pdf, meta);
}

beforeAll(async () => {
  session = await BrowserSession.open();
  page = await session.newPage();
});
afterAll(async () => {
  await session.close();
});

describe('handlingar check (every PDF we build passes it: see real-documents.test.ts)', () => {
  it('says a PDF whose structure is broken (no catalog) cannot be read, and goes on to the next file (a bug: it crashed and checked no more)', async () => {
    const dir = scratchDir();
    // Objects and a trailer without /Root: pdf-lib reads it, but there is no document in it.
    const body = '%PDF-1.7\n1 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
    const xref = `xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 >>\nstartxref\n${body.length}\n%%EOF\n`;
    writeFileSync(join(dir, 'trasig.pdf'), body + xref);
    const doc = await PDFDocument.create();
    doc.addPage();
    writeFileSync(join(dir, 'annan.pdf'), await doc.save());
    const run = await runCommandLine('check', join(dir, 'trasig.pdf'), join(dir, 'annan.pdf'));
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).not.toContain('Cannot read properties');
    expect(run.stdout).toMatch(/trasig\.pdf.*\[pdf\/unreadable\]/);
    expect(run.stdout).toMatch(/annan\.pdf.*\[pdf\/tagged\]/);
  });

  it('fails an untagged PDF from elsewhere on every document rule', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Sida 1', { font: await doc.embedFont(StandardFonts.Helvetica) });
    expect(rules(await checkPdf(await doc.save()))).toEqual([
      'pdf/artifacts',
      'pdf/fonts-embedded',
      'pdf/lang',
      'pdf/output-intent',
      'pdf/pdfa-id',
      'pdf/pdfua-id',
      'pdf/tagged',
      'pdf/title',
      'pdf/xmp-title',
    ]);
  });

  it("fails Chromium's own output on the running header, which only our finish stage marks as an artifact", async () => {
    const html =
      '<!DOCTYPE html><html lang="sv"><head><title>Prov</title><style>@page { @top-right { content: "Sida " counter(page) } }</style></head><body><h1>Rubrik</h1></body></html>';
    const raw = (await page.print(html)).pdf;
    expect(rules(await checkPdf(raw))).toContain('pdf/artifacts');
    expect(rules(await checkPdf(await finishPdf(raw, meta)))).toEqual([]);
  });

  it('fails a skipped heading level, a first heading that is not H1, and a table without header cells', async () => {
    expect(rules(await checkPdf(await finished('<h1>Ett</h1><h3>Tre</h3><p>Text.</p>')))).toEqual(['pdf/headings']);
    expect(rules(await checkPdf(await finished('<h2>Två</h2><p>Text.</p>')))).toEqual(['pdf/headings']);
    expect(
      rules(
        await checkPdf(
          await finished(
            '<h1>Ett</h1><table border="1"><caption>Budget</caption><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr><tr><td>c</td><td>3</td></tr></table>',
          ),
        ),
      ),
    ).toEqual(['pdf/table-headers']);
    expect(await checkPdf(await finished('<h1>Ett</h1><h2>Två</h2><table><tr><th>a</th></tr><tr><td>b</td></tr></table>'))).toEqual([]);
  });
});
