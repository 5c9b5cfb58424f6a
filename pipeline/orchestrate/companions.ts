import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMessage, defineRule, type Message, type Place } from '../core/message.ts';
import type { TjansteskrivelseView } from '../core/view.ts';
import { writeAtomic } from '../publish/write-atomic.ts';
import type { PlannedDocument } from './plan.ts';
import type { DocumentToPrint } from './print-documents.ts';

const writeFailed = defineRule<{ file: string; error: string }>('output/companion-write-failed', 'error', {
  sv: ({ file, error }) => ({
    reason: `Filen ${file}, som hör till dokumentet, kunde inte skrivas (${error}).`,
    fix: 'Se till att utdatamappen går att skriva i, att det finns plats på disken och att ingen mapp har filens namn; bygg sedan igen.',
  }),
  en: ({ file, error }) => ({
    reason: `The file ${file}, which belongs to the document, could not be written (${error}).`,
    fix: 'Make sure the output folder can be written to, the disk has room and no folder has the file’s name; then build again.',
  }),
});

/** What writing a document's companions came to: the files in place, and a message for each that could not be written. */
export interface Companions {
  files: string[];
  messages: Message[];
}

/**
 * Files written beside a document's PDF from the same prepared document:
 * the DOCX of a tjänsteskrivelse, the calendars (.ics) of a plan. They need
 * no browser, so they are written for every valid document, printed now or
 * up to date, and their paths go into the build's report (and its index).
 * The build calls it while it holds the output folder. Returns the paths
 * written (or already in place with the same bytes), and a message for each
 * file that could not be written.
 */
export async function writeCompanions(planned: PlannedDocument, document: DocumentToPrint, outDir: string): Promise<Companions> {
  const companions: Companions = { files: [], messages: [] };
  await writeCalendars(planned, outDir, companions);
  if (document.kind === 'tjansteskrivelse') await writeDocx(planned.prepared!.view as TjansteskrivelseView, document, companions);
  return companions;
}

/** A tjänsteskrivelse as DOCX, named as its PDF (render/docx.ts, loaded only when there is one to write). */
async function writeDocx(view: TjansteskrivelseView, document: DocumentToPrint, into: Companions): Promise<void> {
  const { renderDocx } = await import('../render/docx.ts');
  const place = { file: document.source, line: 1, column: 1 };
  await writeCompanion(document.output.replace(/\.pdf$/, '.docx'), Buffer.from(await renderDocx(view)), place, into);
}

/** A plan's calendars (.ics), one per body and one for all, beside its PDF. */
export async function writeCalendars(planned: PlannedDocument, outDir: string, into: Companions): Promise<void> {
  const calendars = planned.prepared?.calendars ?? [];
  if (calendars.length === 0) return;
  const { renderIcs } = await import('../render/calendar-ics.ts');
  const place = { file: planned.job.source.path, line: 1, column: 1 };
  for (const calendar of calendars) await writeCompanion(join(outDir, calendar.fileName), Buffer.from(renderIcs(calendar)), place, into);
}

/** Writes one file whole (or leaves it alone when it already has these bytes); a failure is a message, not a stack trace. */
async function writeCompanion(path: string, bytes: Buffer, place: Place, into: Companions): Promise<void> {
  try {
    const old = await readFile(path).catch(() => undefined);
    if (!old?.equals(bytes)) await writeAtomic(path, bytes);
    into.files.push(path);
  } catch (error) {
    into.messages.push(createMessage(writeFailed, { file: path, error: (error as Error).message }, place));
  }
}
