import { memoFillIns } from '../core/arende.ts';
import type { Message } from '../core/message.ts';
import { type Arende, countFillIns, type DocumentKind, type DocumentStatus, documentStatuses, type Tjansteskrivelse } from '../core/model.ts';
import type { Unreadable } from '../load/project.ts';
import type { PlannedDocument } from './plan.ts';

/** What became of one document. */
export interface DocumentResult {
  source: string;
  kind: DocumentKind;
  /** Its title as printed; none when an error stopped it before it was prepared. */
  title?: string;
  /** The document's own status as its source says (utkast, beslutad, justerad): not whether it was built. */
  documentStatus?: DocumentStatus;
  version?: number;
  output?: string;
  /** Built now; up to date (nothing it depends on changed, so not printed again); or failed. */
  status: 'built' | 'current' | 'failed';
  messages: Message[];
  /** Fields still to be filled in (drafts): in its own source and in those it prints from (a tjänsteskrivelse's ärende). */
  fillIns: number;
  /** The same by source file, so that a total counts a field that several documents print (an ärende's) once. */
  fillInsBySource?: Record<string, number>;
  /** The edition the document is, when editions are archived. */
  edition?: string;
  /** Other files written beside its PDF (a tjänsteskrivelse's DOCX, a plan's calendars). */
  companions?: string[];
}

/** What a build did, per document; plus files that could not be read at all. */
export interface BuildReport {
  documents: DocumentResult[];
  unreadable: Unreadable[];
  /** What printing said that is about no one document: a browser service of several that could not be reached, or went away. */
  printing?: Message[];
  /** The index of the documents (output/index.html), when the output folder has one. */
  index?: string;
}

/**
 * What the sources say of a planned document, before anything is printed:
 * its kind, title, status, version, messages and the fields left to fill
 * in. Its build status is 'failed' until the build says otherwise. The
 * preview's index describes documents the same way.
 */
export function describeDocument(planned: PlannedDocument): DocumentResult {
  const { job, prepared } = planned;
  const data = job.source.data as { status?: unknown; version?: unknown };
  const result: DocumentResult = { source: job.source.path, kind: job.kind, status: 'failed', messages: [...planned.messages], fillIns: 0 };
  if (prepared) result.title = prepared.view.meta.title;
  if ((documentStatuses as readonly unknown[]).includes(data.status)) result.documentStatus = data.status as DocumentStatus;
  if (Number.isInteger(data.version)) result.version = data.version as number;
  if (!prepared) return result;
  // A tjänsteskrivelse prints its ärende's text too, with what is still to be written there; only what prints is counted.
  const bySource: Record<string, number> = {};
  const arende = job.deps.find((d) => (d.data as { typ?: string }).typ === 'arende');
  const memo = arende && memoFillIns(job.source.data as Tjansteskrivelse, arende.data as Arende);
  const counts: Array<[string, number]> = memo
    ? [
        [job.source.path, memo.letter],
        [arende.path, memo.arende],
      ]
    : [[job.source.path, countFillIns(job.source.data)]];
  for (const [path, count] of counts) if (count > 0) bySource[path] = count;
  result.fillIns = Object.values(bySource).reduce((n, v) => n + v, 0);
  if (result.fillIns > 0) result.fillInsBySource = bySource;
  return result;
}

/** A document whose source could not even be parsed: it counts as a document that failed. */
export function describeUnreadable(unreadable: Unreadable, kind: DocumentKind): DocumentResult {
  return { source: unreadable.path, kind, status: 'failed', messages: unreadable.messages, fillIns: 0 };
}
