import { computeBudget, municipalityFees } from '../core/budget.ts';
import {
  capitalize,
  formatAmount,
  formatDate,
  formatDayMonth,
  formatDayMonthRange,
  formatNumber,
  formatTimeRange,
  pluralWeekday,
  weekdayOf,
} from '../core/format.ts';
import {
  type Aktiviteter,
  activityTables,
  type Block,
  type Budget,
  type Figur,
  type Fillable,
  isFillIn,
  type Kalendarium,
  type Malnod,
  type Ordforandeskap,
} from '../core/model.ts';
import type { BlockView, Inline } from '../core/view.ts';
import type { Lookup } from './lookup.ts';

/** Context a block needs beyond itself: names from the register, and the year the document is about. */
export interface BlockContext {
  lookup: Lookup;
  year: number;
  /** How many figures came before, counted across the calls that share it: a document's sections share one, each bilaga has its own. */
  figures?: { count: number };
  /** The tables of activities a goal structure may take its goals from: the whole file's; else those of the blocks at hand. */
  goals?: ReadonlyMap<string, Aktiviteter>;
  /** The images of the figures that show one (`bild`), as data: URLs, by figure. */
  images?: ReadonlyMap<object, string>;
}

/** Turns source blocks into printable blocks: numbers formatted, sums computed, names looked up, figures numbered. */
export function prepareBlocks(blocks: readonly Block[], context: BlockContext): BlockView[] {
  const shared = { ...context, figures: context.figures ?? { count: 0 }, goals: context.goals ?? activityTables(blocks), images: context.images ?? new Map() };
  return blocks.map((block) => prepareBlock(block, shared));
}

function prepareBlock(block: Block, context: Required<BlockContext>): BlockView {
  const { lookup, year } = context;
  if (typeof block.figur === 'object') return { figurblock: prepareFigure(block.figur, context) };
  if (block.aktiviteter) {
    const { rubrik, mal, ansvar, rader } = block.aktiviteter;
    return {
      aktiviteter: {
        ...(rubrik !== undefined && { rubrik }),
        ...(mal !== undefined && { mal }),
        ...(ansvar !== undefined && { ansvar: capitalize(lookup.body(ansvar).namn) }),
        rader: rader.map((r) => ({ ...r })),
      },
    };
  }
  if (block.kalendarium) return { kalendarium: prepareCalendar(block.kalendarium, lookup) };
  if (block.budget) return { budget: prepareBudget(block.budget, year, lookup) };
  if (block.ordforandeskap) return { ordforandeskap: block.ordforandeskap.map((o) => chairSentence(o, year, lookup)) };
  if (block.handlingsplan) {
    const columns = ['delmal', 'aktivitet', 'ansvarig', 'kostnad', 'tid', 'kommentar'] as const;
    return {
      handlingsplan: {
        kolumner: ['Område och huvudmål', 'Delmål', 'Aktivitet', 'Ansvarig', 'Kostnad', 'Tid', 'Kommentar'],
        rader: block.handlingsplan.rader.map((r) =>
          r.rubrik !== undefined ? { id: r.id, rubrik: r.rubrik } : { id: r.id, celler: columns.map((c) => r[c] ?? '') },
        ),
      },
    };
  }
  if (block.avtal) {
    return {
      avtal: {
        paragrafer: block.avtal.paragrafer.map((p, i) => ({ id: p.id, rubrik: `§\u00a0${i + 1} ${p.rubrik}`, stycken: p.stycken })),
        underskrifter: block.avtal.underskrifter.map((u) => ({ roll: `${lookup.municipality(u.kommun).namn} den ${formatDate(u.datum)}` })),
      },
    };
  }
  const { stycke, lista, numrerad, rubrik, underrubrik, citat, figur, uppgifter } = block;
  return { stycke, lista, numrerad, rubrik, underrubrik, citat, figur, uppgifter } as BlockView;
}

/** A figure numbered in its turn: its image as read, or its goal structure, the goals taken from the tables of activities they name. */
function prepareFigure(figur: Figur, { figures, goals, images }: Required<BlockContext>): NonNullable<BlockView['figurblock']> {
  figures.count++;
  const figure = { nummer: `Figur ${figures.count}.`, bildtext: figur.bildtext, alt: figur.alt };
  if (figur.bild !== undefined) {
    const bild = images.get(figur);
    // Validation has read the image; one gone since is not printed as an empty figure.
    if (bild === undefined) throw new Error(`The image ${figur.bild} could not be read.`);
    return { ...figure, bild };
  }
  const goal = (node: Malnod, level: string) => {
    const table = node.aktiviteter === undefined ? undefined : goals.get(node.aktiviteter);
    return { rubrik: node.rubrik ?? table?.rubrik ?? level, text: node.text ?? table?.mal ?? '' };
  };
  const { vision, mal } = figur.malstruktur!;
  return {
    ...figure,
    malstruktur: { vision, mal: mal.map((m) => ({ ...goal(m, 'Mål'), delmal: (m.delmal ?? []).map((d) => goal(d, 'Delmål')) })) },
  };
}

/** "Ordförande i samarbetskommittén 2023 är Ebba Östlin, Botkyrka kommun, och vice ordförande är …"; what a draft does not know yet is a field to fill in. */
export function chairSentence(o: Ordforandeskap, year: number, lookup: Lookup): Inline {
  const body = lookup.body(o.organ).namn;
  const who = (id: Fillable<string>): Inline => (isFillIn(id) ? id : lookup.nameWithMunicipality(id));
  const vice: Inline[] = o.vice_ordforande ? [', och vice ordförande är ', who(o.vice_ordforande)] : [];
  const when = o.valda === undefined ? undefined : isFillIn(o.valda) ? o.valda : formatDate(o.valda);
  const elected: Inline[] = when ? [` (${o.vice_ordforande ? 'valda' : 'vald'} `, when, ')'] : [];
  const parts: Inline[] = [`Ordförande i ${body} ${year} är `, who(o.ordforande), ...vice, ...elected, '.'];
  // Plain text when nothing is left to fill in: what a final plan prints (and its edition's identity) stays as it was.
  return parts.every((part) => typeof part === 'string') ? parts.join('') : parts;
}

function prepareCalendar(k: Kalendarium, lookup: Lookup): NonNullable<BlockView['kalendarium']> {
  const body = k.organ ? lookup.body(k.organ) : undefined;
  const usual = [body?.veckodag ? `vanligtvis ${pluralWeekday(body.veckodag)}` : '', k.tid ? formatTimeRange(k.tid) : '', k.plats ?? '']
    .filter(Boolean)
    .join(', ')
    .replace(/, (kl\.)/, ' $1');
  const title = k.rubrik ?? capitalize(body!.namn);
  return {
    rubrik: usual ? `${title} (${usual})` : title,
    rader: k.rader.map((r) => {
      const day = weekdayOf(r.datum);
      const off = body?.veckodag !== undefined && day !== body.veckodag;
      return {
        id: r.id,
        datum: r.till ? formatDayMonthRange(r.datum, r.till) : formatDayMonth(r.datum),
        ...(r.notering !== undefined && { notering: r.notering }),
        ...(r.plats !== undefined && { plats: r.plats }),
        installt: r.installt === true,
        ...(off && !r.till && { obs: `Obs ${day}` }),
      };
    }),
  };
}

function prepareBudget(b: Budget, year: number, lookup: Lookup): NonNullable<BlockView['budget']> {
  const computed = computeBudget(b);
  // An amount computed from inhabitants still to be filled in is itself to be filled in: it is never guessed.
  const amount = (kronor: number | undefined, about = false): Inline =>
    kronor === undefined ? { ifylles: 'räknas ut' } : `${about ? 'ca ' : ''}${formatAmount(kronor)}`;
  const line = (l: (typeof computed.income)[number]) => ({ id: l.id, text: l.text, belopp: amount(l.amount, l.ungefar) });
  const decidedBy = lookup.body(b.avgiftsbeslut.organ).fullt_namn ?? lookup.body(b.avgiftsbeslut.organ).namn;
  const { antal, datum } = b.invanare;
  const stycke: Inline[] = [
    `Kommunernas avgift för Södertörnssamarbetet är ${b.avgift_per_invanare} kronor per invånare och år enligt beslut av ` +
      `${decidedBy} ${b.avgiftsbeslut.datum}. Åtagandet bekräftas genom beslut om respektive kommuns budget för ${year}. Den `,
    isFillIn(datum) ? datum : formatDate(datum),
    ' var invånarantalet totalt ',
    isFillIn(antal) ? antal : formatNumber(antal),
    ' på Södertörn.',
  ];
  return {
    // Plain text when nothing is left to fill in: what a final plan prints (and its edition's identity) stays as it was.
    stycke: stycke.every((part) => typeof part === 'string') ? stycke.join('') : stycke,
    intakter: computed.income.map(line),
    summaIntakter: amount(computed.totalIncome),
    kostnader: computed.costs.map(line),
    summaKostnader: amount(computed.totalCosts),
    ...(b.avgift_per_kommun && { perKommun: feesByMunicipality(b, lookup) }),
  };
}

/** Each municipality's inhabitants and fee, and their sums: computed, or to be computed once the plan's day and the register's counts are there. */
function feesByMunicipality(b: Budget, lookup: Lookup): NonNullable<NonNullable<BlockView['budget']>['perKommun']> {
  const fees = municipalityFees(b, lookup.registerData());
  const pending = { ifylles: 'räknas ut' };
  const all = fees?.every((f) => f.fee !== undefined);
  const sum = (pick: (f: { inhabitants?: number; fee?: number }) => number | undefined) => fees!.reduce((n, f) => n + pick(f)!, 0);
  return {
    rader: lookup.registerData().kommuner.map((k, i) => {
      const f = fees?.[i];
      return {
        kommun: k.kommun,
        invanare: f?.inhabitants === undefined ? pending : formatNumber(f.inhabitants),
        avgift: f?.fee === undefined ? pending : formatAmount(f.fee),
      };
    }),
    invanare: all ? formatNumber(sum((f) => f.inhabitants)) : pending,
    avgift: all ? formatAmount(sum((f) => f.fee)) : pending,
  };
}
