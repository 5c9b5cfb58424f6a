import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_HTML, INDEX_JSON, indexManifest, readIndex, writeIndex } from '../../pipeline/orchestrate/document-index.ts';
import type { BuildReport, DocumentResult } from '../../pipeline/orchestrate/report.ts';
import { scratchDir } from '../helpers/scratch.ts';

/** A project of three sources (the files only need to exist) and an output folder, with a report of a build of them. */
function project() {
  const dir = scratchDir();
  const sources = join(dir, 'sources');
  const out = join(dir, 'output');
  for (const file of ['verksamhetsplan/2023.yaml', 'tjansteskrivelse/sup-2040/tyreso.yaml', 'minnesanteckningar/m.yaml']) {
    mkdirSync(join(sources, file, '..'), { recursive: true });
    writeFileSync(join(sources, file), '');
  }
  const plan: DocumentResult = {
    source: join(sources, 'verksamhetsplan/2023.yaml'),
    kind: 'verksamhetsplan',
    title: 'Verksamhetsplan och budget 2023',
    documentStatus: 'beslutad',
    version: 2,
    status: 'built',
    output: join(out, 'verksamhetsplan-2023.pdf'),
    messages: [],
    fillIns: 0,
    edition: 'verksamhetsplan-2023@v2',
    companions: [join(out, 'verksamhetsplan-2023-ledningsgruppen.ics'), join(out, 'kalender', 'styrgruppen 2023#1.ics')],
  };
  const letter: DocumentResult = {
    source: join(sources, 'tjansteskrivelse/sup-2040/tyreso.yaml'),
    kind: 'tjansteskrivelse',
    title: 'Södertörns utvecklingsprogram 2040 – tjänsteskrivelse, Tyresö kommun',
    documentStatus: 'utkast',
    version: 1,
    status: 'current',
    output: join(out, 'tjansteskrivelse-sup-2040-tyreso.pdf'),
    messages: [],
    fillIns: 3,
    companions: [join(out, 'tjansteskrivelse-sup-2040-tyreso.docx')],
  };
  const minutes: DocumentResult = {
    source: join(sources, 'minnesanteckningar/m.yaml'),
    kind: 'minnesanteckningar',
    title: 'Minnesanteckningar',
    documentStatus: 'justerad',
    version: 1,
    status: 'current',
    output: join(out, 'minnesanteckningar-m.pdf'),
    messages: [],
    fillIns: 0,
  };
  const report: BuildReport = { documents: [plan, letter, minutes], unreadable: [] };
  return { sources, out, plan, letter, minutes, report };
}

describe("the index of a build's documents (output/index.html and index.json)", () => {
  it('lists every document with its companions, labelled by kind of file, linked relative and percent-encoded', async () => {
    const { sources, out, report } = project();
    await writeIndex(report, sources, out, true);
    const manifest = readIndex(out)!;
    expect(manifest.format).toBe('handlingar-index');
    expect(manifest.version).toBe(1);
    // By kind (plans, minutes, letters), then by source.
    expect(manifest.documents.map((d) => d.source)).toEqual([
      'verksamhetsplan/2023.yaml',
      'minnesanteckningar/m.yaml',
      'tjansteskrivelse/sup-2040/tyreso.yaml',
    ]);
    expect(manifest.documents[0]).toMatchObject({
      kind: 'verksamhetsplan',
      title: 'Verksamhetsplan och budget 2023',
      status: 'beslutad',
      version: 2,
      edition: 'verksamhetsplan-2023@v2',
      fillIns: 0,
      files: [
        { type: 'pdf', href: 'verksamhetsplan-2023.pdf' },
        { type: 'ics', href: 'verksamhetsplan-2023-ledningsgruppen.ics' },
        { type: 'ics', href: 'kalender/styrgruppen%202023%231.ics' },
      ],
    });
    expect(manifest.documents[2]!.files).toEqual([
      { type: 'pdf', href: 'tjansteskrivelse-sup-2040-tyreso.pdf' },
      { type: 'docx', href: 'tjansteskrivelse-sup-2040-tyreso.docx' },
    ]);
    const html = readFileSync(join(out, INDEX_HTML), 'utf8');
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<a href="tjansteskrivelse-sup-2040-tyreso.docx">Word</a>');
    expect(html).toContain('<a href="verksamhetsplan-2023-ledningsgruppen.ics">Kalender (verksamhetsplan-2023-ledningsgruppen.ics)</a>');
    expect(html).toContain('<a href="kalender/styrgruppen%202023%231.ics">Kalender (styrgruppen 2023#1.ics)</a>');
    expect(html).toContain('<a href="verksamhetsplan-2023.pdf">Verksamhetsplan och budget 2023</a>');
    for (const text of [
      'Verksamhetsplaner',
      'Tjänsteskrivelser',
      'Beslutad',
      'Utkast',
      'Justerad',
      'Fält kvar att fylla i',
      '3 dokument, 1 med fält kvar att fylla i.',
    ]) {
      expect(html).toContain(text);
    }
    // It stands alone: the fonts inside, and a policy that allows nothing from elsewhere.
    expect(html).toContain('url(data:font/woff2;base64,');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('shows a document that failed without a PDF, with its messages counted and said', async () => {
    const { sources, out, report, minutes } = project();
    minutes.status = 'failed';
    const words = { reason: 'Summan stämmer inte.', fix: 'Ta bort summan.' };
    minutes.messages = [
      { ruleId: 'budget/total-mismatch', severity: 'error', text: { sv: words, en: words }, file: 'sources/minnesanteckningar/m.yaml', line: 3, column: 5 },
    ];
    await writeIndex(report, sources, out, true);
    expect(readIndex(out)!.documents[1]!.files).toEqual([]);
    expect(readIndex(out)!.documents[1]!.messages[0]).toMatchObject({ ruleId: 'budget/total-mismatch', severity: 'error', line: 3 });
    const html = readFileSync(join(out, INDEX_HTML), 'utf8');
    expect(html).toContain('Minnesanteckningar <span class="saknas">(ingen PDF)</span>');
    expect(html).toContain('<summary>1 fel</summary>');
    expect(html).toContain('<li class="fel">sources/minnesanteckningar/m.yaml:3:5: Summan stämmer inte. Åtgärd: Ta bort summan.</li>');
    expect(html).toContain('3 dokument, 1 med fält kvar att fylla i, 1 med fel.');
  });

  it('escapes hostile titles, file names and messages: source text is data, never markup', async () => {
    const { sources, out, report, plan } = project();
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u202e';
    plan.title = hostile;
    plan.edition = hostile;
    const name = '"><img src=x onerror=alert(3)> #1?.ics';
    plan.companions = [join(out, name)];
    await writeIndex(report, sources, out, true);
    const html = readFileSync(join(out, INDEX_HTML), 'utf8');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('\u202e');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    expect(readIndex(out)!.documents[0]!.files[1]!.href).toBe('%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E%20%231%3F.ics');
    expect(html).toContain('href="%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E%20%231%3F.ics"');
  });

  it('a build of some documents updates theirs and keeps the others; a source that is gone leaves the index', async () => {
    const { sources, out, report, plan, minutes } = project();
    await writeIndex(report, sources, out, true);
    plan.version = 3;
    plan.documentStatus = 'utkast';
    await writeIndex({ documents: [plan], unreadable: [] }, sources, out, false);
    expect(readIndex(out)!.documents.map((d) => [d.source, d.version])).toEqual([
      ['verksamhetsplan/2023.yaml', 3],
      ['minnesanteckningar/m.yaml', 1],
      ['tjansteskrivelse/sup-2040/tyreso.yaml', 1],
    ]);
    rmSync(minutes.source);
    expect(indexManifest({ documents: [plan], unreadable: [] }, sources, out, false).documents.map((d) => d.source)).toEqual([
      'verksamhetsplan/2023.yaml',
      'tjansteskrivelse/sup-2040/tyreso.yaml',
    ]);
    // A build of everything lists what it built, nothing else.
    expect(indexManifest({ documents: [plan], unreadable: [] }, sources, out, true).documents).toHaveLength(1);
  });

  it('writes nothing when the index is already what the report makes, and writes it again when deleted', async () => {
    const { sources, out, report } = project();
    await writeIndex(report, sources, out, true);
    const written = statSync(join(out, INDEX_JSON)).mtimeMs;
    const html = readFileSync(join(out, INDEX_HTML), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeIndex(report, sources, out, true);
    expect(statSync(join(out, INDEX_JSON)).mtimeMs).toBe(written);
    rmSync(join(out, INDEX_HTML));
    await writeIndex(report, sources, out, true);
    expect(readFileSync(join(out, INDEX_HTML), 'utf8')).toBe(html);
  });
});
