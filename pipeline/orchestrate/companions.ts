import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createMessage, defineRule, type Message } from '../core/message.ts';
import type { TjansteskrivelseView } from '../core/view.ts';
import { writeAtomic } from '../publish/write-atomic.ts';
import type { PlannedDocument } from './plan.ts';
import type { DocumentToPrint } from './print-documents.ts';

const writeFailed = defineRule<{ file: string; error: string }>('companion/write-failed', 'error', {
  sv: ({ file, error }) => ({
    reason: `${file} kunde inte skrivas: ${error}`,
    fix: 'Se efter att mappen output/ går att skriva i och att disken inte är full, och bygg igen; PDF:en påverkas inte.',
  }),
  en: ({ file, error }) => ({
    reason: `${file} could not be written: ${error}`,
    fix: 'Check that the output folder can be written to and the disk is not full, then build again; the PDF is not affected.',
  }),
});

/** The files written beside a document's PDF, and what went wrong writing them. */
export interface Companions {
  files: string[];
  messages: Message[];
}

/**
 * Files written beside a document's PDF from the same prepared document:
 * the DOCX of a tjänsteskrivelse, the calendars (.ics) of a plan. They need
 * no browser, so they are written for every valid document, printed now or
 * up to date, and their paths go into the build's report (and its index).
 * Returns the paths written (or already in place with the same bytes), and
 * a message for each file that could not be written.
 */
export async function writeCompanions(planned: PlannedDocument, document: DocumentToPrint, _outDir: string): Promise<Companions> {
  const companions: Companions = { files: [], messages: [] };
  if (document.kind === 'tjansteskrivelse') await writeDocx(planned.prepared!.view as TjansteskrivelseView, document, companions);
  return companions;
}

/** A tjänsteskrivelse as DOCX, named as its PDF (render/docx.ts, loaded only when there is one to write). */
async function writeDocx(view: TjansteskrivelseView, document: DocumentToPrint, companions: Companions): Promise<void> {
  const file = document.output.replace(/\.pdf$/, '.docx');
  try {
    const { renderDocx } = await import('../render/docx.ts');
    await writeIfChanged(file, await renderDocx(view));
    companions.files.push(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    companions.messages.push(createMessage(writeFailed, { file: basename(file), error: reason }, { file: document.source }));
  }
}

/** Writes the bytes whole (writeAtomic), unless the file already has exactly them. */
async function writeIfChanged(file: string, bytes: Uint8Array): Promise<void> {
  const old = await readFile(file).catch(() => undefined);
  if (old?.equals(bytes)) return;
  await writeAtomic(file, bytes);
}
