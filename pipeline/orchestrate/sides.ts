import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { editionSourcesDir, readEdition } from '../archive/editions.ts';
import { formatDate } from '../core/format.ts';
import { defineRule, hasErrors, type Message, messageError } from '../core/message.ts';
import type { Register } from '../core/model.ts';
import { sourcesFolderOf } from '../core/paths.ts';
import type { Side } from '../diff/diff-report.ts';
import { itemsOf } from '../diff/items.ts';
import { planProject } from './plan.ts';

const notADocument = defineRule<{ file: string }>('diff/not-a-document', 'error', {
  sv: ({ file }) => ({
    reason: `${file} är ingen handling som kan jämföras (utan t.ex. registret, en bilaga eller ett ärendes gemensamma text).`,
    fix: 'Jämför verksamhetsplaner, minnesanteckningar eller tjänsteskrivelser, eller deras utgåvor (handlingar editions listar dem).',
  }),
  en: ({ file }) => ({
    reason: `${file} is not a document that can be compared (it is, e.g., the register, a bilaga or an ärende's common text).`,
    fix: 'Compare plans, minutes or tjänsteskrivelser, or their editions (handlingar editions lists them).',
  }),
});

/**
 * Loads one side of a comparison: an edition ("verksamhetsplan-2023@v2") from
 * the archive, or a source file from its sources folder. A source with
 * errors cannot be compared: its messages say why. `missing` when the
 * argument is neither.
 */
export async function loadSide(
  argument: string,
  editionsDir: string,
): Promise<{ side?: Side; document?: DocumentIdentity; messages: Message[]; missing?: boolean }> {
  const record = argument.includes('@') && !existsSync(argument) ? readEdition(editionsDir, argument) : undefined;
  if (argument.includes('@') && !existsSync(argument) && !record) return { messages: [], missing: true };
  const sourcesDir = record ? editionSourcesDir(editionsDir, argument) : sourcesFolderOf(resolve(argument));
  if (!sourcesDir) return { messages: [], missing: true };
  const main = record ? join(sourcesDir, record.main) : resolve(argument);
  const plan = await planProject(sourcesDir, [main]);
  const planned = [...plan.documents()].find((d) => d.job.source.absolutePath === main);
  if (!planned) {
    const unreadable = plan.unreadable.filter((u) => u.absolutePath === main);
    // A source that is there but no document (the register, a bilaga file) is not compared, and said so.
    if (unreadable.length === 0 && plan.project.sources.has(main)) throw messageError(notADocument, { file: argument });
    return { messages: unreadable.flatMap((u) => u.messages), missing: unreadable.length === 0 };
  }
  // A caption without its figure, which editions archived before it was refused have, is a matter for print, not for a comparison.
  const messages = planned.messages.filter((m) => m.ruleId !== 'figur/caption-only');
  // What is said of the document as a whole (its output file's name) does not stop a comparison.
  const ofSources = messages.filter((m) => !planned.documentMessages.includes(m));
  if (hasErrors(ofSources) || !plan.shared) return { messages: ofSources };
  const data = planned.job.source.data as {
    typ: string;
    version: number;
    status: string;
    datum?: unknown;
    ar?: number;
    arende?: string;
    kommun?: string;
    organ?: string;
  };
  const shared = plan.shared;
  const items = itemsOf(data, shared.register, (fil) => shared.bilagaFiles.get(resolve(dirname(main), fil)), shared);
  return {
    side: {
      name: record ? record.id : argument,
      title: titleOf(data, shared.register),
      status: data.status,
      version: data.version,
      ...(typeof data.datum === 'string' && { date: data.datum }),
      items,
    },
    document: {
      kind: data.typ,
      ...(data.arende !== undefined && { series: data.arende }),
      ...(data.organ !== undefined && { series: data.organ }),
    },
    messages,
  };
}

/** What a document is, for telling whether two can be compared: its kind, and the matter or body it belongs to (a tjänsteskrivelse's ärende, minutes' body). */
export interface DocumentIdentity {
  kind: string;
  series?: string;
}

function titleOf(data: { typ: string; ar?: number; datum?: unknown; organ?: string }, register: Register): string {
  if (data.typ === 'verksamhetsplan') return `Verksamhetsplan och budget ${data.ar}`;
  if (data.typ === 'minnesanteckningar') {
    const body = register.organ.find((o) => o.id === data.organ)?.namn ?? data.organ;
    return `Minnesanteckningar, ${body} ${formatDate(String(data.datum))}`;
  }
  return 'Tjänsteskrivelse';
}
