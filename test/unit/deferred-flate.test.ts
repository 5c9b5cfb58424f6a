import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { contentBytes, readPdf } from '../../pipeline/core/pdf.ts';
import { replaceContent } from '../../pipeline/finish/content.ts';

describe('content replaced by the finish stage', () => {
  it('is read back as written before the file is saved, and compressed once, as zlib compresses it, when saved', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const first = Buffer.from('BT\n/F1 12 Tf\n(one) Tj\nET\n', 'latin1');
    replaceContent(doc, page, first);
    expect(contentBytes(doc, page).equals(first)).toBe(true);
    const second = Buffer.from(`/Artifact BMC\n${first.toString('latin1')}EMC\n`, 'latin1');
    replaceContent(doc, page, second);
    const stream = doc.context.lookup(page.node.get(PDFName.of('Contents')));
    expect(stream).toBeInstanceOf(PDFRawStream);
    expect(Buffer.from((stream as PDFRawStream).contents).equals(deflateSync(second, { level: 4, memLevel: 9 }))).toBe(true);
    const saved = await readPdf(await doc.save({ useObjectStreams: false }));
    expect(contentBytes(saved, saved.getPage(0)).equals(second)).toBe(true);
  });
});
