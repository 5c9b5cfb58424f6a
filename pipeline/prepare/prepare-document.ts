import { dirname, resolve } from 'node:path';
import type { Minnesanteckningar, SharedSources, Tjansteskrivelse, Verksamhetsplan } from '../core/model.ts';
import { inlineText } from '../core/placeholders.ts';
import { printableDeep } from '../core/text.ts';
import type { Appendix, DocumentMeta, PlanCalendar } from '../core/view.ts';
import type { Job } from '../load/project.ts';
import { preparePlanCalendars } from './calendars.ts';
import { Lookup } from './lookup.ts';
import { prepareMinnesanteckningar } from './minnesanteckningar.ts';
import { prepareTjansteskrivelse } from './tjansteskrivelse.ts';
import { prepareVerksamhetsplan } from './verksamhetsplan.ts';

/** A document ready to render: its view, the file name its PDF gets, the PDF bilagor to append, and a plan's calendars (written beside the PDF). */
export interface PreparedDocument {
  view: { meta: DocumentMeta };
  fileName: string;
  appendix: Appendix[];
  calendars?: PlanCalendar[];
}

/** Computes everything a validated document prints: the stage between validate and render. */
export function prepareDocument(job: Job, shared: SharedSources): PreparedDocument {
  const prepared = prepareKind(job, shared);
  // Whatever a document prints, from its own source or the register, carries no control or bidirectional characters.
  return {
    ...prepared,
    view: printableDeep(prepared.view),
    appendix: printableDeep(prepared.appendix),
    ...(prepared.calendars && { calendars: printableDeep(prepared.calendars) }),
  };
}

function prepareKind(job: Job, shared: SharedSources): PreparedDocument {
  // Names and roles as the register had them on the document's own date.
  const lookup = new Lookup(shared.register, documentDate(job.source.data));
  switch (job.kind) {
    case 'verksamhetsplan': {
      const plan = job.source.data as Verksamhetsplan;
      const base = dirname(job.source.absolutePath);
      const files = new Map((plan.bilagor ?? []).filter((b) => b.fil).map((b) => [b.fil!, shared.bilagaFiles.get(resolve(base, b.fil!))!]));
      const appendix = (plan.bilagor ?? []).flatMap((b, i) =>
        b.pdf === undefined
          ? []
          : [
              {
                anchor: `bilaga-${b.id}`,
                label: `Bilaga ${i + 1}`,
                title: b.titel,
                file: resolve(base, b.pdf),
              },
            ],
      );
      const name = `verksamhetsplan-${plan.ar}`;
      const calendars = preparePlanCalendars(plan, lookup, files, name);
      return { view: prepareVerksamhetsplan(plan, lookup, files), fileName: `${name}.pdf`, appendix, calendars };
    }
    case 'minnesanteckningar': {
      const m = job.source.data as Minnesanteckningar;
      return { view: prepareMinnesanteckningar(m, lookup), fileName: `minnesanteckningar-${m.organ}-${m.datum}.pdf`, appendix: [] };
    }
    case 'tjansteskrivelse': {
      const t = job.source.data as Tjansteskrivelse;
      const arende = shared.arenden.get(t.arende)!;
      const view = prepareTjansteskrivelse(t, arende, lookup, shared.planer);
      const arendeFile = job.deps.find((d) => (d.data as { typ?: string }).typ === 'arende')!.absolutePath;
      const appendix = (arende.bilagor ?? []).flatMap((b, i) =>
        b.pdf === undefined
          ? []
          : [
              {
                anchor: `bilaga-${b.id}`,
                label: `Bilaga ${i + 1}`,
                title: inlineText(view.bilagor[i]!),
                file: resolve(dirname(arendeFile), b.pdf),
              },
            ],
      );
      return { view, fileName: `tjansteskrivelse-${t.arende}-${t.kommun}.pdf`, appendix };
    }
  }
}

/** A document's own date (datum, YYYY-MM-DD), when it has one yet. */
export function documentDate(data: unknown): string | undefined {
  const datum = (data as { datum?: unknown }).datum;
  return typeof datum === 'string' ? datum : undefined;
}
