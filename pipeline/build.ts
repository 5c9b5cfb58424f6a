import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'puppeteer';
import type { AppendixPdf } from './finish/append-bilagor.ts';
import { headingsOf } from './finish/clean-outline.ts';
import { setMetadata } from './finish/set-metadata.ts';
import { documentTypes, loadProject, planJobs, selects, type Job, type Unreadable } from './load/project.ts';
import { createMessage, hasErrors, type Message } from './messages/message.ts';
import { prepareDocument } from './prepare/prepare-document.ts';
import { launchBrowser } from './print/browser.ts';
import { printStamps } from './print/stamps.ts';
import type { Appendix, DocumentMeta, PageNumbers } from './view.ts';
import { printPaginated } from './print/paginate.ts';
import { writeAtomic } from './publish/write-atomic.ts';
import { countFillIns } from './render/inline.ts';
import { renderHtml } from './render/render-html.ts';
import { Validation } from './validate/validate-project.ts';

export interface BuildOptions {
  sourcesDir: string;
  outDir: string;
  /** Build only the documents these files or folders are, or depend on. */
  paths?: readonly string[];
  /** Called after each document, for progress output. */
  onDocument?: (result: DocumentResult) => void;
}

/** What became of one document. */
export interface DocumentResult {
  source: string;
  output?: string;
  status: 'built' | 'failed';
  messages: Message[];
  /** Fields still to be filled in (tjänsteskrivelse drafts). */
  fillIns: number;
}

/** What a build did, per document; plus files that could not be read at all. */
export interface BuildReport {
  documents: DocumentResult[];
  unreadable: Unreadable[];
}

/**
 * Builds documents: load → validate → prepare → render → print → finish → publish.
 * A document with errors stops alone; the others are built. A PDF is written
 * whole or not at all, so a failed build keeps the previous good one.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const project = loadProject(options.sourcesDir);
  const jobs = planJobs(project, options.paths);
  const validation = new Validation(project);
  const within = selects(options.paths ?? []);
  // A document whose file cannot even be parsed still counts as a document that failed.
  const broken = project.unreadable.filter((u) => documentTypes.includes(u.declaredType ?? '') && within(u.absolutePath));
  const documents: DocumentResult[] = broken.map((u) => ({ source: u.path, status: 'failed', messages: u.messages, fillIns: 0 }));
  documents.forEach((d) => options.onDocument?.(d));
  const ready: Array<{ job: Job; result: DocumentResult; render: (pages: PageNumbers) => string; meta: DocumentMeta; appendix: Appendix[] }> = [];
  const names = new Map<string, string>();

  for (const job of jobs) {
    const messages = validation.messagesForJob(job);
    const result: DocumentResult = { source: job.source.path, status: 'failed', messages, fillIns: 0 };
    if (!hasErrors(messages) && validation.inputs) {
      const { view, fileName, appendix } = prepareDocument(job, validation.inputs);
      const clash = names.get(fileName);
      if (clash) {
        messages.push(createMessage(job.source.path, { line: 1, column: 1 }, 'output/name-clash', { fileName, other: clash }));
      } else {
        names.set(fileName, job.source.path);
        result.output = join(options.outDir, fileName);
        result.fillIns = countFillIns(job.source.data);
        ready.push({ job, result, render: (pages) => renderHtml(job.kind, view, pages), meta: view.meta, appendix });
      }
    }
    if (result.status === 'failed' && !ready.some((r) => r.result === result)) options.onDocument?.(result);
    documents.push(result);
  }

  if (ready.length > 0) {
    const browser = await launchBrowser();
    try {
      for (const item of ready) {
        await printOne(browser, item, item.result);
        options.onDocument?.(item.result);
      }
    } finally {
      await browser.close();
    }
  }
  const unreadable = project.unreadable.filter((u) => !broken.includes(u) && (within(u.absolutePath) || !documentTypes.includes(u.declaredType ?? '')));
  return { documents, unreadable };
}

async function printOne(
  browser: Browser, document: { render: (pages: PageNumbers) => string; meta: DocumentMeta; appendix: Appendix[] }, result: DocumentResult,
): Promise<void> {
  try {
    const appendix = await readAppendix(document.appendix);
    const { pdf, blocked, html, pageCount } = await printPaginated(browser, document.render, appendix);
    const stamps = appendix.length > 0 ? await printStamps(browser, stampLabels(appendix, pageCount, document.meta.draft)) : undefined;
    if (blocked.length > 0) {
      result.messages.push(createMessage(result.source, { line: 1, column: 1 }, 'print/blocked-request', { urls: blocked }));
    }
    await writeAtomic(result.output!, await setMetadata(pdf, document.meta, headingsOf(html), appendix, stamps));
    result.status = 'built';
  } catch (error) {
    result.messages.push(createMessage(result.source, { line: 1, column: 1 }, 'print/failed', { error: (error as Error).message }));
    delete result.output;
  }
}

/** Reads the PDF bilagor of a document: their bytes and page counts. */
async function readAppendix(appendix: readonly Appendix[]): Promise<Array<AppendixPdf & { pages: number }>> {
  return Promise.all(appendix.map(async (a) => {
    const bytes = await readFile(a.file);
    const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    return { label: a.label, title: a.title, anchor: a.anchor, bytes, pages };
  }));
}

/** "Bilaga 1 · Sida 3 (9)" for every appended page, numbered after the document's own pages; drafts say UTKAST there too. */
function stampLabels(appendix: ReadonlyArray<{ label: string; pages: number }>, ownPages: number, draft: boolean): string[] {
  const total = ownPages + appendix.reduce((n, a) => n + a.pages, 0);
  let page = ownPages;
  return appendix.flatMap((a) => Array.from({ length: a.pages }, () => `${draft ? 'UTKAST · ' : ''}${a.label} · Sida ${++page} (${total})`));
}
