import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMessage, defineRule, type Message, type Place } from '../core/message.ts';
import type { TjansteskrivelseView } from '../core/view.ts';
import { writeAtomicIfChanged } from '../publish/write-atomic.ts';
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
 * A document that is `current` (what it prints, and the tool, unchanged
 * since the build that wrote them) keeps the files it has: only a missing
 * one is made again. The build calls it while it holds the output folder.
 * Returns the paths in place, and a message for each file that could not be
 * written.
 */
export async function writeCompanions(planned: PlannedDocument, document: DocumentToPrint, outDir: string, current: boolean): Promise<Companions> {
  const companions: Companions = { files: [], messages: [] };
  const place = { file: document.source, line: 1, column: 1 };
  for (const { path, render } of companionsOf(planned, document, outDir)) {
    if (current && existsSync(path)) companions.files.push(path);
    else await writeCompanion(path, render, place, companions);
  }
  return companions;
}

/** The files a document has beside its PDF, and how each is made (render/, loaded only when one is made). */
function companionsOf(planned: PlannedDocument, document: DocumentToPrint, outDir: string): Array<{ path: string; render: () => Promise<Uint8Array> }> {
  const calendars = (planned.prepared?.calendars ?? []).map((calendar) => ({
    path: join(outDir, calendar.fileName),
    render: async () => Buffer.from((await import('../render/calendar-ics.ts')).renderIcs(calendar)),
  }));
  if (document.kind !== 'tjansteskrivelse') return calendars;
  const view = planned.prepared!.view as TjansteskrivelseView;
  return [...calendars, { path: document.output.replace(/\.pdf$/, '.docx'), render: async () => (await import('../render/docx.ts')).renderDocx(view) }];
}

/** Writes one file whole (or leaves it alone when it already has these bytes); a failure is a message, not a stack trace. */
async function writeCompanion(path: string, render: () => Promise<Uint8Array>, place: Place, into: Companions): Promise<void> {
  try {
    await writeAtomicIfChanged(path, await render());
    into.files.push(path);
  } catch (error) {
    into.messages.push(createMessage(writeFailed, { file: path, error: (error as Error).message }, place));
  }
}
