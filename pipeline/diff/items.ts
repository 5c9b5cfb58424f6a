import { computeBudget } from '../core/budget.ts';
import { formatDate } from '../core/format.ts';
import type { BilagaFil, Block, FillIn, Minnesanteckningar, Punkt, Register, Tjansteskrivelse, Verksamhetsplan } from '../core/model.ts';
import { isFillIn } from '../core/model.ts';
import { inlineText } from '../core/placeholders.ts';
import { chairSentence } from '../prepare/blocks.ts';
import { Lookup } from '../prepare/lookup.ts';
import { decisionText } from '../prepare/minnesanteckningar.ts';

/** The kinds of item a comparison matches and reports. */
export type ItemKind =
  | 'sektion'
  | 'aktivitetstabell'
  | 'aktivitet'
  | 'kalendarium'
  | 'mote'
  | 'budget'
  | 'budgetrad'
  | 'handlingsplanrad'
  | 'paragraf'
  | 'bilaga'
  | 'punkt'
  | 'beslut'
  | 'falt';

/** One comparable piece of a document: found by its id, placed under a parent, with text, numbers and a date. */
export interface Item {
  /** "aktivitet:rufs-dialogprocess", unique within a document. */
  key: string;
  kind: ItemKind;
  id: string;
  /** Key of the item it belongs to ('' at the top). */
  parent: string;
  /** What a reader calls it: a heading, the start of its text. */
  label: string;
  text: Record<string, string>;
  numbers: Record<string, number>;
  date?: string;
}

/** The items of a document, in reading order. */
export function itemsOf(data: unknown, register: Register, bilagaOf: (fil: string) => BilagaFil | undefined): Item[] {
  const typ = (data as { typ: string }).typ;
  const lookup = new Lookup(register);
  if (typ === 'verksamhetsplan') return planItems(data as Verksamhetsplan, lookup, bilagaOf);
  if (typ === 'minnesanteckningar') return minutesItems(data as Minnesanteckningar, lookup);
  return memoItems(data as Tjansteskrivelse);
}

function item(
  kind: ItemKind,
  id: string,
  parent: string,
  label: string,
  text: Record<string, string | undefined> = {},
  numbers: Record<string, number | FillIn | undefined> = {},
  date?: string,
): Item {
  const clean = Object.fromEntries(Object.entries(text).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  // A number a draft leaves to be filled in (and what is computed from it) is not compared until it is there.
  const known = Object.fromEntries(Object.entries(numbers).filter((e): e is [string, number] => typeof e[1] === 'number'));
  return { key: `${kind}:${id}`, kind, id, parent, label, text: clean, numbers: known, ...(date !== undefined && { date }) };
}

function planItems(plan: Verksamhetsplan, lookup: Lookup, bilagaOf: (fil: string) => BilagaFil | undefined): Item[] {
  const items: Item[] = [];
  plan.sektioner.forEach((s) => {
    const section = item('sektion', s.id, '', s.rubrik, { rubrik: s.rubrik, text: blockText(s.innehall, lookup, plan.ar) });
    items.push(section, ...blockItems(s.innehall, section.key, '', lookup));
  });
  for (const b of plan.bilagor ?? []) {
    const blocks = b.fil ? (bilagaOf(b.fil)?.innehall ?? []) : (b.innehall ?? []);
    const bilaga = item('bilaga', b.id, '', b.titel, { titel: b.titel, text: blockText(blocks, lookup, plan.ar), ...(b.pdf !== undefined && { pdf: b.pdf }) });
    items.push(bilaga, ...blockItems(blocks, bilaga.key, `${b.id}/`, lookup));
  }
  return items;
}

/** The text of a run of blocks that have no id of their own: paragraphs, lists, headings. */
function blockText(blocks: readonly Block[], lookup: Lookup, year: number): string {
  return blocks
    .flatMap((b) => [
      b.stycke,
      b.rubrik,
      b.underrubrik,
      b.citat,
      b.figur,
      ...(b.lista ?? []).map((l) => `• ${l}`),
      ...(b.numrerad ?? []).map((l, i) => `${i + 1}. ${l}`),
      ...(b.uppgifter ?? []).map((u) => `${u.term}: ${u.text}`),
      ...(b.ordforandeskap ?? []).map((o) => inlineText(chairSentence(o, year, lookup))),
    ])
    .filter((t): t is string => t !== undefined)
    .join('\n');
}

function blockItems(blocks: readonly Block[], parent: string, scope: string, lookup: Lookup): Item[] {
  return blocks.flatMap((b): Item[] => {
    if (b.aktiviteter) {
      const a = b.aktiviteter;
      const table = item('aktivitetstabell', scope + a.id, parent, a.rubrik ?? a.id, {
        rubrik: a.rubrik,
        mal: a.mal,
        ansvar: a.ansvar && lookup.body(a.ansvar).namn,
      });
      return [
        table,
        ...a.rader.map((r) =>
          item('aktivitet', scope + r.id, table.key, r.aktivitet, {
            aktivitet: r.aktivitet,
            punkter: r.punkter?.map((p) => `• ${p}`).join('\n'),
            kommentar: r.kommentar,
          }),
        ),
      ];
    }
    if (b.kalendarium) {
      const k = b.kalendarium;
      const name = k.rubrik ?? (k.organ ? lookup.body(k.organ).namn : k.id);
      const calendar = item('kalendarium', scope + k.id, parent, name, { rubrik: name, plats: k.plats, tid: k.tid && `${k.tid.start}–${k.tid.slut}` });
      return [
        calendar,
        ...k.rader.map((r) =>
          item(
            'mote',
            scope + r.id,
            calendar.key,
            `${name} ${formatDate(r.datum)}`,
            {
              notering: r.notering,
              plats: r.plats,
              installt: r.installt ? 'inställt' : undefined,
              till: r.till,
            },
            {},
            r.datum,
          ),
        ),
      ];
    }
    if (b.budget) {
      const computed = computeBudget(b.budget);
      const budget = item(
        'budget',
        `${scope}budget`,
        parent,
        'Budget',
        { avgiftsbeslut: b.budget.avgiftsbeslut.datum, invanare_datum: isFillIn(b.budget.invanare.datum) ? undefined : b.budget.invanare.datum },
        {
          avgift_per_invanare: b.budget.avgift_per_invanare,
          invanare: b.budget.invanare.antal,
          avgift: computed.fee,
          summa_intakter: computed.totalIncome,
          summa_kostnader: computed.totalCosts,
        },
      );
      const line = (side: string) => (l: (typeof computed.income)[number]) =>
        item('budgetrad', scope + l.id, budget.key, l.text, { text: l.text, sida: side }, { belopp: l.amount });
      return [budget, ...computed.income.map(line('intäkter')), ...computed.costs.map(line('kostnader'))];
    }
    if (b.handlingsplan) {
      return b.handlingsplan.rader.map((r) =>
        item('handlingsplanrad', scope + r.id, parent, r.aktivitet ?? r.rubrik ?? r.delmal ?? r.id, {
          rubrik: r.rubrik,
          delmal: r.delmal,
          aktivitet: r.aktivitet,
          ansvarig: r.ansvarig,
          kostnad: r.kostnad,
          tid: r.tid,
          kommentar: r.kommentar,
        }),
      );
    }
    if (b.avtal) {
      return b.avtal.paragrafer.map((p) => item('paragraf', scope + p.id, parent, p.rubrik, { rubrik: p.rubrik, text: p.stycken.join('\n') }));
    }
    return [];
  });
}

function minutesItems(m: Minnesanteckningar, lookup: Lookup): Item[] {
  const year = Number(m.datum.slice(0, 4));
  const walk = (punkter: readonly Punkt[], parent: string): Item[] =>
    punkter.flatMap((p) => {
      const punkt = item('punkt', p.id, parent, p.rubrik, {
        rubrik: p.rubrik,
        text: blockText(p.innehall ?? [], lookup, year),
        diskussion: blockText(p.diskussion ?? [], lookup, year),
      });
      const decisions = (p.beslut ?? []).map((b) =>
        item('beslut', b.id, punkt.key, inlineText(decisionText(b, lookup)), {
          text: inlineText(decisionText(b, lookup)),
          uppdrag: b.uppdrag?.map((u) => `${lookup.name(u.ansvarig)}: ${u.uppgift}`).join('\n'),
        }),
      );
      return [punkt, ...decisions, ...walk(p.underpunkter ?? [], punkt.key)];
    });
  return walk(m.punkter, '');
}

function memoItems(t: Tjansteskrivelse): Item[] {
  const show = (v: unknown) => (isFillIn(v) ? `[ifylles: ${v.ifylles}]` : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return (['datum', 'diarienummer', 'handlaggare', 'forvaltning', 'mottagare', 'beslutande', 'tidigare_beslut', 'underskrifter'] as const).map((field) =>
    item('falt', field, '', field, { värde: show(t[field]) }),
  );
}
