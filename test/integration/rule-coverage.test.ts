import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEditionsDir, readEdition } from '../../pipeline/archive/editions.ts';
import { checkArchive } from '../../pipeline/archive/verify.ts';
import { checkPdf } from '../../pipeline/check/check-pdf.ts';
import { fingerprints } from '../../pipeline/core/fingerprints.ts';
import { MAX_IMAGE_BYTES } from '../../pipeline/core/images.ts';
import { definedRules, type Message, MessageError } from '../../pipeline/core/message.ts';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { readBilaga } from '../../pipeline/finish/append-bilagor.ts';
import { finishPdf } from '../../pipeline/finish/finish-pdf.ts';
import { parseSource } from '../../pipeline/load/source-file.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { writeCompanions } from '../../pipeline/orchestrate/companions.ts';
import { scaffoldNext } from '../../pipeline/orchestrate/next.ts';
import { startWatch } from '../../pipeline/orchestrate/preview-server.ts';
import { type DocumentToPrint, type PrintOutcome, printDocuments, startPrinting } from '../../pipeline/orchestrate/print-documents.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { startChromium } from '../../pipeline/print/chromium.ts';
import { printPaginated } from '../../pipeline/print/paginate.ts';
import type { PrintPage } from '../../pipeline/print/print-page.ts';
import { printStamps } from '../../pipeline/print/stamps.ts';
import { BuildCache } from '../../pipeline/publish/build-cache.ts';
import { tryLockOutput } from '../../pipeline/publish/lock.ts';
import { checkSchema } from '../../pipeline/validate/check-schema.ts';
import { buildKillingChromium } from '../helpers/chromium.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { startFarmChromium, stopFarm } from '../helpers/farm.ts';
import { oversizedSources, planWithPdfs, spoiltPdfs, strangeFiles } from '../helpers/hostile-files.ts';
import { arendeFile, perMunicipality, planFile, withFee, withInhabitants, withMistakes } from '../helpers/joint-arende.ts';
import { copyOfSources, preparedDocuments } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/**
 * Every rule in the catalog (every rule any module of pipeline/ defines) is
 * triggered: by a fixture in test/fixtures/broken, or by one of the cases
 * below, each of which does for real what makes the rule speak. What the
 * runs produce is collected and held against the catalog's keys.
 */

/** Every module of pipeline/ loaded (main.ts would run the command line), so that every rule is defined. */
async function loadEveryModule(): Promise<void> {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') && name !== 'main.ts' ? [path] : [];
    });
  for (const file of walk(join(projectRoot, 'pipeline'))) await import(pathToFileURL(file).href);
}

/** The message a MessageError carries, from something that throws or rejects one. */
async function thrown(run: () => unknown): Promise<Message[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof MessageError) return [error.report];
    throw error;
  }
  return [];
}

/** The rule ids the command line printed ("… [rule/id]"). */
async function spoken(...args: string[]): Promise<string[]> {
  const { stdout, stderr } = await runCommandLine(...args);
  return [...`${stdout}${stderr}`.matchAll(/ {2}\[([a-z-]+\/[a-z-]+)\]$/gm)].map((m) => m[1]!);
}

/** Messages of a build of the minutes (one page, quick) in a scratch copy, after `change` to it. */
async function buildMinutes(options: Partial<Parameters<typeof build>[0]> = {}, change?: (text: string) => string): Promise<Message[]> {
  const scratch = copyOfSources();
  const file = 'minnesanteckningar/2023-10-27-ledningsgruppen.yaml';
  if (change) scratch.write(file, change(readFileSync(join(scratch.sources, file), 'utf8')));
  const report = await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [join(scratch.sources, file)], ...options });
  return report.documents.flatMap((d) => d.messages);
}

/** What handlingar next says of making the next source from `file`: its messages, or the one that stopped it. */
async function nextMessages(sourcesDir: string, file: string, id?: string): Promise<Message[]> {
  try {
    return (await scaffoldNext(sourcesDir, file, '2023-12-01', id)).messages;
  } catch (error) {
    if (error instanceof MessageError) return [error.report];
    throw error;
  }
}

/** Messages of validating `content` put at `path` in a scratch copy of the sources. */
async function validated(path: string, content: string | Buffer): Promise<Message[]> {
  const scratch = copyOfSources();
  return (await validateSources(scratch.sources, [scratch.write(path, content)])).messages;
}

const fixturesDir = join(projectRoot, 'test', 'fixtures', 'broken');
let session: BrowserSession;
let page: PrintPage;
beforeAll(async () => {
  await loadEveryModule();
  session = await BrowserSession.open();
  page = await session.newPage();
});
afterAll(async () => {
  await session.close();
});

/** The cases that trigger what no fixture can: files that are not text, printing, the archive, the command line, PDFs. */
const cases: Record<string, () => Promise<Message[]> | Message[]> = {
  'every fixture in test/fixtures/broken': async () => {
    const all = await Promise.all(
      readdirSync(fixturesDir).map((name) => {
        const text = readFileSync(join(fixturesDir, name), 'utf8');
        return validated(/^# path: (.+)$/m.exec(text)![1]!, text);
      }),
    );
    return all.flat();
  },
  'a source that is not UTF-8, one with a byte-order mark, one of 6 MB, a broken link, an alias bomb': async () => {
    const scratch = copyOfSources();
    symlinkSync(join(scratch.dir, 'finns-inte.yaml'), join(scratch.sources, 'bilagor', 'trasig.yaml'));
    return [
      ...(await validated('bilagor/latin1.yaml', Buffer.concat([Buffer.from('typ: bilaga\n# G'), Buffer.from([0xf6]), Buffer.from('teborg\n')]))),
      ...(await validated(
        'bilagor/bom.yaml',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('typ: bilaga\nid: bom\ninnehall: [{ stycke: Text. }]\n')]),
      )),
      ...(await validated('bilagor/stor.yaml', Buffer.alloc(6 * 2 ** 20, '# '))),
      ...(await validateSources(scratch.sources, [join(scratch.sources, 'bilagor', 'trasig.yaml')])).messages,
      ...(await validated(
        'bilagor/bomb.yaml',
        `typ: bilaga\nid: b\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(9)}*a]\nc: &c [${'*b, '.repeat(9)}*b]\nd: [${'*c, '.repeat(99)}*c]\n`,
      )),
    ];
  },
  'a joint ärende with one of each mistake; inhabitants in the register that do not add up, or are missing': async () => {
    const mistaken = copyOfSources();
    withMistakes(mistaken);
    const differ = withInhabitants((c) => ({ ...c, tyreso: [50_700, 55_000] }));
    const missing = withInhabitants((c) => ({ ...c, salem: [17_000, 0] }));
    missing.write(arendeFile, withFee(readFileSync(join(missing.sources, arendeFile), 'utf8')));
    missing.write(planFile, perMunicipality(readFileSync(join(missing.sources, planFile), 'utf8')));
    const all = await Promise.all([mistaken, differ, missing].map((scratch) => validateSources(scratch.sources)));
    return all.flatMap((r) => r.messages);
  },
  'a field too long, a table too long, no register': async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `{ id: a${i}, aktivitet: A }`).join(', ');
    const scratch = copyOfSources();
    // A register that exists but is broken speaks for itself (the root cause); "no register" is said only when there is none.
    rmSync(join(scratch.sources, 'register.yaml'));
    return [
      ...(await validated(
        'bilagor/lang.yaml',
        `typ: bilaga\nid: lang\ninnehall:\n  - stycke: ${'x'.repeat(30_000)}\n  - aktiviteter: { id: t, rader: [${rows}] }\n`,
      )),
      ...(await validateSources(scratch.sources)).messages,
    ];
  },
  'an image too large for a figure': async () => {
    const scratch = copyOfSources();
    scratch.write('bilder/stor.png', Buffer.alloc(MAX_IMAGE_BYTES + 1));
    const plan = `typ: verksamhetsplan
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
      - figur: { alt: Karta över Södertörn., bildtext: Södertörn, bild: ../bilder/stor.png }
`;
    return (await validateSources(scratch.sources, [scratch.write('verksamhetsplan/bild.yaml', plan)])).messages;
  },
  'sources too large as a whole': async () => {
    const scratch = copyOfSources();
    const files = Object.values(oversizedSources()).map(({ path, text }) => scratch.write(path, text));
    return (await validateSources(scratch.sources, files)).messages;
  },
  'a schema keyword the messages have no words of their own for': () => {
    const { source } = parseSource('udda.yaml', '/udda.yaml', Buffer.from('tal: 3\n'));
    const validate = new Ajv({ allErrors: true, verbose: true }).compile({ type: 'object', properties: { tal: { type: 'integer', multipleOf: 2 } } });
    return checkSchema(source!, 'bilaga', validate);
  },
  'no Chromium, and a Chromium that cannot be run': async () => [
    ...(await thrown(() => startChromium(() => undefined).failed)),
    ...(await thrown(() => startChromium(() => '/nowhere/chromium').failed)),
  ],
  'a Chromium that never answers, a browser service that never answers': async () => {
    const silent = join(scratchDir(), 'chromium');
    writeFileSync(silent, '#!/bin/sh\nexec sleep 600\n');
    chmodSync(silent, 0o755);
    const held: Socket[] = [];
    const service = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
      return [
        ...(await thrown(() =>
          BrowserSession.open(
            undefined,
            startChromium(() => silent),
            1000,
          ),
        )),
        ...(await thrown(() => BrowserSession.open(url, undefined, 1000))),
      ];
    } finally {
      for (const socket of held) socket.destroy();
      service.close();
    }
  },
  'a farm of two browser services, one of which is not there; a farm of which none is': async () => {
    const service = await startFarmChromium();
    try {
      const session = await BrowserSession.open([service.http, 'http://127.0.0.1:9/?token=hemlig'], undefined, 10_000);
      await session.close();
      return [
        ...session.takeNotices(),
        ...(await thrown(() => BrowserSession.open('http://127.0.0.1:9/,ws://127.0.0.1:9/devtools/browser/x', undefined, 10_000))),
      ];
    } finally {
      stopFarm();
    }
  },
  'a document whose file name would be too long': async () => {
    const scratch = copyOfSources();
    const id = `a${'-lang'.repeat(45)}`;
    const arende = readFileSync(join(scratch.sources, 'tjansteskrivelse', 'sup-2040', 'arende.yaml'), 'utf8');
    scratch.write('tjansteskrivelse/sup-2040/arende.yaml', arende.replace('id: sup-2040', `id: ${id}`));
    const letter = readFileSync(join(scratch.sources, 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml'), 'utf8');
    const file = scratch.write('tjansteskrivelse/sup-2040/tyreso.yaml', letter.replace('arende: sup-2040', `arende: ${id}`));
    return (await validateSources(scratch.sources, [file])).messages;
  },
  // In the file's browser: with --timeout 1 ms, starting one would get only the least time a start is given (10 s).
  'a print that takes too long': () => buildMinutes({ timeoutMs: 1, session: async () => session }),
  'a PDF that cannot be written where it goes (a folder is in the way)': async () => {
    const scratch = copyOfSources();
    mkdirSync(join(scratch.out, 'minnesanteckningar-ledningsgruppen-2023-10-27.pdf'), { recursive: true });
    const minutes = join(scratch.sources, 'minnesanteckningar');
    return (await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [minutes] })).documents.flatMap((d) => d.messages);
  },
  'a letter whose attached plan could not be printed (a folder is in the way of its PDF)': async () => {
    const scratch = copyOfSources();
    mkdirSync(join(scratch.out, 'verksamhetsplan-2023.pdf'), { recursive: true });
    const letter = join(scratch.sources, 'tjansteskrivelse', 'vp-2023', 'tyreso.yaml');
    return (await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [letter] })).documents.flatMap((d) => d.messages);
  },
  'a calendar that cannot be written beside its plan (a folder is in the way)': async () => {
    const scratch = copyOfSources();
    mkdirSync(join(scratch.out, 'verksamhetsplan-2020.ics', 'in-the-way'), { recursive: true });
    const plan = join(scratch.sources, 'verksamhetsplan', '2020.yaml');
    return (await build({ sourcesDir: scratch.sources, outDir: scratch.out, paths: [plan], archive: false })).documents.flatMap((d) => d.messages);
  },
  'files that are not sources, and PDF bilagor untagged, outside, too large, or spoilt in each way': async () => {
    const scratch = copyOfSources();
    const close = await strangeFiles(scratch.sources);
    try {
      const pdfs = await spoiltPdfs();
      for (const [name, bytes] of Object.entries(pdfs)) writeFileSync(join(scratch.sources, 'bilagor', `${name}.pdf`), bytes);
      writeFileSync(join(scratch.dir, 'ute.pdf'), pdfs.whole);
      writeFileSync(join(scratch.sources, 'bilagor', 'stor.pdf'), '');
      spawnSync('truncate', ['-s', '101M', join(scratch.sources, 'bilagor', 'stor.pdf')]);
      const names = ['whole', 'truncated', 'broken', 'encrypted', 'noPages', 'bomb'].map((n) => `../bilagor/${n}.pdf`);
      spawnSync('mkfifo', [join(scratch.sources, 'bilagor', 'pipe.pdf')]);
      planWithPdfs(scratch, [...names, '../../ute.pdf', '../bilagor/pipe.pdf', '../bilagor/stor.pdf']);
      return (await validateSources(scratch.sources)).messages;
    } finally {
      close();
    }
  },
  'a document that asks for something outside the project': async () => {
    const out = scratchDir();
    const printing = await startPrinting({ outDir: out });
    const messages: Message[] = [];
    try {
      const html =
        '<!doctype html><html lang="sv"><head><title>Ut</title></head><body><h1>Ut</h1><img src="https://example.com/logga.png" alt=""></body></html>';
      const meta = { title: 'Ut', subject: 'Ut', author: 'Ut', keywords: [], draft: true, header: 'Ut' };
      const document: DocumentToPrint = {
        source: 'ut.yaml',
        kind: 'minnesanteckningar',
        output: join(out, 'ut.pdf'),
        fileName: 'ut.pdf',
        render: () => html,
        meta,
        appendix: [],
        attached: [],
        content: 'x',
        bilagaFiles: [],
        inputs: 'x',
        size: 1,
      };
      await printDocuments(printing, [document], new BuildCache(out), { outDir: out }, fingerprints(), {
        finished: (_document, outcome: PrintOutcome) => messages.push(...outcome.messages),
      });
    } finally {
      await printing.release();
    }
    return messages;
  },
  'a table of contents whose heading jumps between two pages': () =>
    thrown(() =>
      printPaginated(page, (pages) => {
        const pushed = pages.get('rubrik') === 1 ? '<div style="break-after: page"></div>' : '';
        return `<!doctype html><html lang="sv"><head><title>Hopp</title></head><body><a href="#rubrik">Rubrik</a>${pushed}<h1 id="rubrik">Rubrik</h1></body></html>`;
      }),
    ),
  'Chromium dying twice in one build': async () => {
    const scratch = copyOfSources();
    // Killed after the first letter and after the second: the third fails as it prints, the fourth is never begun.
    const letters = ['botkyrka', 'haninge', 'huddinge', 'nykvarn'].map((k) => join(scratch.sources, 'tjansteskrivelse', 'sup-2040', `${k}.yaml`));
    const { report } = await buildKillingChromium({ sourcesDir: scratch.sources, outDir: scratch.out, paths: letters }, 2);
    return report.documents.flatMap((d) => d.messages);
  },
  'a final edition changed, an archived PDF that differs, an archive that cannot be written': async () => {
    const editions = scratchDir();
    cpSync(defaultEditionsDir, editions, { recursive: true });
    const changed = await buildMinutes({ editionsDir: editions }, (text) => text.replace('Huddinge kommunhus', 'Haninge kommunhus'));
    // An edition archived now, whose PDF the archive then remembers otherwise: the templates, fonts and tool are the same.
    const own = scratchDir();
    await buildMinutes({ editionsDir: own, force: true });
    const [id] = readdirSync(join(own, 'minnesanteckningar-ledningsgruppen-2023-10-27'));
    const record = join(own, 'minnesanteckningar-ledningsgruppen-2023-10-27', id!, 'edition.json');
    writeFileSync(
      record,
      JSON.stringify({
        ...readEdition(own, `minnesanteckningar-ledningsgruppen-2023-10-27@${id}`),
        hashes: { ...JSON.parse(readFileSync(record, 'utf8')).hashes, pdf: 'annan' },
      }),
    );
    const differs = await buildMinutes({ editionsDir: own, force: true });
    const file = join(scratchDir(), 'en-fil');
    writeFileSync(file, '');
    const unwritable = await buildMinutes({ editionsDir: file });
    return [...changed, ...differs, ...unwritable];
  },
  'an archive whose files are not what their edition.json says, and a file in it that is no edition': async () => {
    const editions = scratchDir();
    cpSync(defaultEditionsDir, editions, { recursive: true });
    const v2 = join(editions, 'verksamhetsplan-2023', 'v2');
    writeFileSync(join(v2, 'verksamhetsplan-2023.pdf'), 'garbage');
    rmSync(join(v2, 'sources', 'register.yaml'));
    writeFileSync(join(v2, 'sources', 'extra.yaml'), '');
    writeFileSync(join(editions, 'verksamhetsplan-2020', 'v1', 'edition.json'), '{');
    writeFileSync(join(editions, '.DS_Store'), '');
    symlinkSync(join(editions, 'verksamhetsplan-2020'), join(editions, 'a-link'));
    const { editions: checked, stray } = checkArchive(editions);
    return [...checked.flatMap((e) => e.problems), ...stray, ...(await thrown(() => checkArchive(join(editions, 'nowhere'))))];
  },
  'a draft numbered as a final edition that exists': async () => {
    const editions = scratchDir();
    cpSync(defaultEditionsDir, editions, { recursive: true });
    return buildMinutes({ editionsDir: editions }, (text) => text.replace('status: justerad', 'status: utkast'));
  },
  "next year's draft plan still carrying last year's decision and text": async () => {
    const plan = readFileSync(join(projectRoot, 'sources', 'verksamhetsplan', '2023.yaml'), 'utf8');
    return validated(
      'verksamhetsplan/2024.yaml',
      plan.replace('ar: 2023', 'ar: 2024').replace('id: vp-2023', 'id: vp-2024').replace('status: beslutad', 'status: utkast'),
    );
  },
  "next year's plan and minutes made from sources that cannot give them": async () => {
    const scratch = copyOfSources();
    const plan = readFileSync(join(scratch.sources, 'verksamhetsplan', '2023.yaml'), 'utf8');
    // Meetings that land on Ascension Day and on Christmas Eve (with New Year's Eve the week after).
    scratch.write(
      'verksamhetsplan/2023.yaml',
      plan
        .replace('{ id: sk-2023-05-04, datum: 2023-05-04 }', '{ id: sk-2023-05-11, datum: 2023-05-11 }')
        .replace('{ id: lg-2023-12-15, datum: 2023-12-15 }', '{ id: lg-2023-12-26, datum: 2023-12-26, annan_veckodag: true }'),
    );
    // Minutes of the year's last meeting, before next year's plan exists: no next meeting to take.
    const minutes = join(scratch.sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
    scratch.write(
      'minnesanteckningar/2023-10-27-ledningsgruppen.yaml',
      readFileSync(minutes, 'utf8').replace('datum: 2023-10-27', 'datum: 2023-12-28').replace('datum: 2023-12-15', 'datum: 2023-12-29'),
    );
    const last = await nextMessages(scratch.sources, minutes);
    const made = await nextMessages(scratch.sources, join(scratch.sources, 'verksamhetsplan', '2023.yaml'));
    const again = await nextMessages(scratch.sources, join(scratch.sources, 'verksamhetsplan', '2023.yaml'));
    const register = await nextMessages(scratch.sources, join(scratch.sources, 'register.yaml'));
    const nowhere = await nextMessages(scratch.sources, join(scratch.sources, 'verksamhetsplan', '1999.yaml'));
    scratch.write('verksamhetsplan/2020.yaml', readFileSync(join(scratch.sources, 'verksamhetsplan', '2020.yaml'), 'utf8').replace('ar: 2020', 'ar: tjugo'));
    const broken = await nextMessages(scratch.sources, join(scratch.sources, 'verksamhetsplan', '2020.yaml'));
    return [...made, ...again, ...register, ...nowhere, ...broken, ...last];
  },
  'a new ärende without an id, with one that is no id, twice; an id for a plan; a decided letter whose ärende is still to be written': async () => {
    const scratch = copyOfSources();
    const sup = join(scratch.sources, 'tjansteskrivelse', 'sup-2040');
    const messages = [
      ...(await nextMessages(scratch.sources, sup)),
      ...(await nextMessages(scratch.sources, sup, '../utanfor')),
      ...(await nextMessages(scratch.sources, sup, 'vp-2024')),
      ...(await nextMessages(scratch.sources, sup, 'vp-2024')),
      ...(await nextMessages(scratch.sources, join(scratch.sources, 'verksamhetsplan', '2023.yaml'), 'vp-2024')),
    ];
    const letter = readFileSync(join(scratch.sources, 'tjansteskrivelse', 'vp-2024', 'salem.yaml'), 'utf8').replace('status: utkast', 'status: beslutad');
    return [...messages, ...(await validateSources(scratch.sources, [scratch.write('tjansteskrivelse/vp-2024/salem.yaml', letter)])).messages];
  },
  "a letter signed by another municipality's people": async () => {
    const letter = readFileSync(join(projectRoot, 'sources', 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml'), 'utf8');
    return validated('tjansteskrivelse/sup-2040/salem.yaml', letter.replace('kommun: tyreso', 'kommun: salem'));
  },
  'a decided plan dated another day than its decision': async () => {
    const plan = readFileSync(join(projectRoot, 'sources', 'verksamhetsplan', '2023.yaml'), 'utf8');
    return validated('verksamhetsplan/2023.yaml', plan.replace('datum: 2023-03-16\n', 'datum: 2023-04-01\n'));
  },
  'a follow-up from a meeting that is not earlier': async () => {
    const minutes = readFileSync(join(projectRoot, 'sources', 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml'), 'utf8');
    return validated(
      'minnesanteckningar/2023-10-27-ledningsgruppen.yaml',
      minutes.replace(
        '  - id: ovriga-fragor\n    rubrik: Övriga frågor\n',
        '  - id: ovriga-fragor\n    rubrik: Övriga frågor\n    uppfoljning:\n      - { ansvarig: helene-olofsson, uppgift: boka lokal, fran: { datum: 2023-11-01 }, status: klart }\n',
      ),
    );
  },
  'periods of a person in the register that overlap, or end before they begin': async () => {
    const register = readFileSync(join(projectRoot, 'sources', 'register.yaml'), 'utf8').replace(
      '  - { id: johan-westin, namn: Johan Westin, kommun: haninge }',
      '  - { id: johan-westin, namn: Johan Westin, perioder: [{ fran: 2020-01-01, kommun: haninge }, { fran: 2023-01-01, till: 2022-01-01, kommun: salem }] }',
    );
    return validated('register.yaml', register);
  },
  'an output folder another build holds, and one that cannot be written': async () => {
    const scratch = copyOfSources();
    const unlock = tryLockOutput(scratch.out)!;
    try {
      return [
        ...(await thrown(() => build({ sourcesDir: scratch.sources, outDir: scratch.out, lockWaitMs: 0, force: true }))),
        ...(await thrown(() => build({ sourcesDir: scratch.sources, outDir: '/sys/handlingar-ut', force: true }))),
      ];
    } finally {
      unlock();
    }
  },
  'a preview asked to listen on a port another program has': async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as { port: number }).port;
      const scratch = copyOfSources();
      return await thrown(() => startWatch({ sourcesDir: scratch.sources, outDir: scratch.out, port }));
    } finally {
      other.close();
    }
  },
  "a tjänsteskrivelse's DOCX that cannot be written (a folder in its place)": async () => {
    const out = scratchDir();
    const letter = (await preparedDocuments()).find((d) => d.job.kind === 'tjansteskrivelse')!;
    mkdirSync(join(out, 'brev.docx'));
    const document = { kind: letter.job.kind, source: letter.job.source.path, output: join(out, 'brev.pdf') } as DocumentToPrint;
    return (await writeCompanions({ job: letter.job, messages: [], documentMessages: [], prepared: letter }, document, out, false)).messages;
  },
  'PDFs that break every rule of handlingar check': async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Sida 1', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const table = '<table><caption>Budget</caption><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>';
    const html = `<!doctype html><html lang="sv"><head><title>Prov</title></head><body><h2>Två</h2>${table}</body></html>`;
    const printed = await page.print(html);
    const meta = { title: 'Prov', subject: 'Prov', author: 'Prov', keywords: [], date: '2023-01-01', draft: false, header: 'Prov' };
    // An untagged bilaga appended: its page's text is only a Figure.
    const untagged = { label: 'Bilaga 1', title: 'Ren', anchor: 'bilaga-ren', ...(await readBilaga(await doc.save())) };
    const withBilaga = await finishPdf(printed.pdf, meta, [], [untagged], await printStamps(page, ['Bilaga 1 · Sida 2 (2)']));
    return [
      ...(await checkPdf(await doc.save(), 'ren.pdf')),
      ...(await checkPdf(await finishPdf(printed.pdf, meta), 'prov.pdf')),
      ...(await checkPdf(withBilaga, 'med-bilaga.pdf')),
      ...(await checkPdf(Buffer.from('inte en pdf'), 'trasig.pdf')),
    ];
  },
};

/** The command line's own messages, as it prints them. */
const commandLineCases: Record<string, () => Promise<string[]>> = {
  'no sources, files of two sources folders, an edition that is not there': async () => {
    const scratch = copyOfSources();
    return [
      ...(await spoken('validate', join(projectRoot, 'finns-inte'))),
      ...(await spoken('validate', join(scratch.sources, 'register.yaml'), join(projectRoot, 'sources', 'register.yaml'))),
      ...(await spoken('rebuild', 'finns-inte@v1')),
    ];
  },
  'a plan compared with minutes, letters of two ärenden, a source with errors': async () => {
    const scratch = copyOfSources();
    const letter = (arende: string) => join(scratch.sources, 'tjansteskrivelse', arende, 'salem.yaml');
    await scaffoldNext(scratch.sources, join(scratch.sources, 'tjansteskrivelse', 'sup-2040'), '2023-12-01', 'vp-2024');
    const broken = scratch.write(
      'verksamhetsplan/2020.yaml',
      readFileSync(join(scratch.sources, 'verksamhetsplan', '2020.yaml'), 'utf8').replace('ar: 2020', 'ar: tjugo'),
    );
    return [
      ...(await spoken('diff', 'verksamhetsplan-2023@v2', 'minnesanteckningar-ledningsgruppen-2023-10-27@v2')),
      ...(await spoken('diff', letter('sup-2040'), letter('vp-2024'))),
      ...(await spoken('diff', broken, 'verksamhetsplan-2023@v2')),
      ...(await spoken('diff', join(scratch.sources, 'register.yaml'), 'verksamhetsplan-2023@v2')),
    ];
  },
};

describe('every rule in the catalog', () => {
  it('is triggered by a fixture or a case, and speaks both languages', { timeout: 600_000 }, async () => {
    const triggered = new Map<string, string>();
    for (const [name, run] of Object.entries(cases)) {
      const messages = await run();
      expect(messages.length, name).toBeGreaterThan(0);
      for (const m of messages) {
        for (const language of ['sv', 'en'] as const) {
          expect(m.text[language].reason.length, `${m.ruleId} in ${language}`).toBeGreaterThan(0);
          expect(m.text[language].fix.length, `${m.ruleId} in ${language}`).toBeGreaterThan(0);
        }
        if (!triggered.has(m.ruleId)) triggered.set(m.ruleId, name);
      }
    }
    for (const [name, run] of Object.entries(commandLineCases)) for (const id of await run()) if (!triggered.has(id)) triggered.set(id, name);
    const catalog = [...definedRules().keys()].sort();
    expect(catalog.length).toBeGreaterThan(80);
    expect(catalog.filter((id) => !triggered.has(id))).toEqual([]);
  });
});
