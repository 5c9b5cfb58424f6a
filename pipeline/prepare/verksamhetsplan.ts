import { capitalize, formatDate } from '../core/format.ts';
import { activityTables, type BilagaFil, type Verksamhetsplan } from '../core/model.ts';
import type { Part, VerksamhetsplanView } from '../core/view.ts';
import { prepareBlocks } from './blocks.ts';
import type { Lookup } from './lookup.ts';
import { planTitle } from './titles.ts';

/** Makes a plan ready to print: title, numbered sections and bilagor (so the TOC cannot disagree with the headings). */
export function prepareVerksamhetsplan(
  plan: Verksamhetsplan,
  lookup: Lookup,
  bilagaFiles: ReadonlyMap<string, BilagaFil>,
  titleOf: (document: string) => string,
  images: ReadonlyMap<object, string> = new Map(),
): VerksamhetsplanView {
  // The sections number their figures in one series and take goals from any of the plan's tables; each bilaga has its own.
  const context = { lookup, year: plan.ar, images, figures: { count: 0 }, goals: activityTables(plan.sektioner.flatMap((s) => s.innehall)) };
  const publisher = lookup.body(plan.utgivare);
  const title = planTitle(plan);
  const sektioner: Part[] = plan.sektioner.map((s, i) => ({
    id: s.id,
    anchor: `avsnitt-${s.id}`,
    label: `${i + 1}.`,
    title: s.rubrik,
    blocks: prepareBlocks(s.innehall, context),
  }));
  const bilagor: Part[] = (plan.bilagor ?? []).map((b, i) => ({
    id: b.id,
    anchor: `bilaga-${b.id}`,
    label: `Bilaga ${i + 1}`,
    title: b.titel ?? titleOf(b.dokument!),
    blocks: prepareBlocks(b.fil ? bilagaFiles.get(b.fil)!.innehall : (b.innehall ?? []), { lookup, year: plan.ar, images }),
    ...((b.pdf !== undefined || b.dokument !== undefined) && { pdf: true }),
  }));
  const decided = plan.status === 'beslutad' && plan.beslut;
  return {
    meta: {
      title,
      subject: `${title} för ${publisher.fullt_namn ?? capitalize(publisher.namn)}`,
      author: publisher.fullt_namn ?? capitalize(publisher.namn),
      keywords: ['verksamhetsplan', 'budget', String(plan.ar)],
      date: plan.datum,
      draft: plan.status === 'utkast',
      header: title,
    },
    utgivare: publisher.fullt_namn ?? capitalize(publisher.namn),
    kommuner: lookup.municipalityNames().join(' · '),
    titel: title,
    datumrad: decided ? `Beslutad ${formatDate(plan.beslut!.datum)}` : `Utkast ${formatDate(plan.datum)}, version ${plan.version}`,
    ...(plan.motto && { motto: plan.motto }),
    sektioner,
    bilagor,
  };
}
