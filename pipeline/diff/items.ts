import { computeBudget, municipalityFees } from '../core/budget.ts';
import { formatDate, formatTimeRange, weekdayOf } from '../core/format.ts';
import type { BilagaFil, Block, Budget, FillIn, Minnesanteckningar, Punkt, Register, SharedSources, Tjansteskrivelse, Verksamhetsplan } from '../core/model.ts';
import { isFillIn } from '../core/model.ts';
import { inlineText } from '../core/placeholders.ts';
import type { Inline, MemoBlock, TjansteskrivelseView } from '../core/view.ts';
import { Lookup } from '../prepare/lookup.ts';
import { decisionText, prepareMinnesanteckningar } from '../prepare/minnesanteckningar.ts';
import { documentDate } from '../prepare/prepare-document.ts';
import { titlesOf } from '../prepare/titles.ts';
import { prepareTjansteskrivelse } from '../prepare/tjansteskrivelse.ts';

/** The kinds of item a comparison matches and reports. */
export type ItemKind =
  | 'sektion'
  | 'aktivitetstabell'
  | 'aktivitet'
  | 'kalendarium'
  | 'mote'
  | 'budget'
  | 'budgetrad'
  | 'andel'
  | 'handlingsplanrad'
  | 'paragraf'
  | 'bilaga'
  | 'punkt'
  | 'beslut'
  | 'deltagare'
  | 'roll'
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
  /** Its own text as it is laid out (headings, paragraphs, list items), to show an added or removed item whole; not compared. */
  parts?: Part[];
  /** The sum it counts in (a budget line: intäkter or kostnader), to say what explains a total's change; not compared. */
  group?: string;
}

/** A piece of an item's own text, for showing it whole. */
export interface Part {
  typ: 'rubrik' | 'stycke' | 'punkt';
  text: string;
}

/**
 * The items of a document, in reading order. Names and roles are those of
 * the register on the document's own date, as it prints them; a
 * tjänsteskrivelse is compared as it prints, its ärende's text included.
 */
export function itemsOf(
  data: unknown,
  register: Register,
  bilagaOf: (fil: string) => BilagaFil | undefined,
  shared: Partial<Pick<SharedSources, 'arenden' | 'planer' | 'dokument'>> = {},
): Item[] {
  const typ = (data as { typ: string }).typ;
  const lookup = new Lookup(register, documentDate(data));
  const titleOf = titlesOf(shared.dokument, register);
  if (typ === 'verksamhetsplan') return planItems(data as Verksamhetsplan, lookup, bilagaOf, titleOf);
  if (typ === 'minnesanteckningar') return minutesItems(data as Minnesanteckningar, lookup);
  const t = data as Tjansteskrivelse;
  return memoItems(prepareTjansteskrivelse(t, shared.arenden!.get(t.arende)!, lookup, { ...(shared.planer && { plans: shared.planer }), titleOf }));
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

function planItems(plan: Verksamhetsplan, lookup: Lookup, bilagaOf: (fil: string) => BilagaFil | undefined, titleOf: (id: string) => string): Item[] {
  const items: Item[] = plan.motto ? [item('falt', 'motto', '', 'Motto', { rubrik: plan.motto.rubrik, text: plan.motto.text })] : [];
  plan.sektioner.forEach((s) => {
    const section = { ...item('sektion', s.id, '', s.rubrik, { rubrik: s.rubrik, text: blockText(s.innehall) }), parts: blockParts(s.innehall) };
    items.push(section, ...blockItems(s.innehall, section.key, '', lookup));
  });
  for (const [i, b] of (plan.bilagor ?? []).entries()) {
    const blocks = b.fil ? (bilagaOf(b.fil)?.innehall ?? []) : (b.innehall ?? []);
    // Its number as it prints, so that "Bilaga 2" becoming "Bilaga 1" shows.
    const titel = b.titel ?? titleOf(b.dokument!);
    const bilaga = {
      ...item('bilaga', b.id, '', titel, {
        nummer: `Bilaga ${i + 1}`,
        titel,
        text: blockText(blocks),
        ...(b.pdf !== undefined && { pdf: b.pdf }),
        ...(b.dokument !== undefined && { dokument: b.dokument }),
      }),
      parts: blockParts(blocks),
    };
    items.push(bilaga, ...blockItems(blocks, bilaga.key, `${b.id}/`, lookup));
  }
  return items;
}

/** The same text laid out: headings, paragraphs and list items. */
function blockParts(blocks: readonly Block[]): Part[] {
  return blocks.flatMap((b): Part[] => [
    ...[b.rubrik, b.underrubrik].flatMap((t) => (t === undefined ? [] : [{ typ: 'rubrik' as const, text: t }])),
    ...[b.stycke, b.citat, captionOf(b)].flatMap((t) => (t === undefined ? [] : [{ typ: 'stycke' as const, text: t }])),
    ...(b.lista ?? []).map((t) => ({ typ: 'punkt' as const, text: t })),
    ...(b.numrerad ?? []).map((t, i) => ({ typ: 'punkt' as const, text: `${i + 1}. ${t}` })),
    ...(b.uppgifter ?? []).map((u) => ({ typ: 'stycke' as const, text: `${u.term}: ${u.text}` })),
  ]);
}

/** A figure's caption: compared as a paragraph (an archived edition may have a caption alone). */
function captionOf(b: Block): string | undefined {
  return typeof b.figur === 'object' ? b.figur.bildtext : b.figur;
}

/** The text of a run of blocks that have no id of their own: paragraphs, lists, headings. */
function blockText(blocks: readonly Block[]): string {
  return blocks
    .flatMap((b) => [
      b.stycke,
      b.rubrik,
      b.underrubrik,
      b.citat,
      captionOf(b),
      ...(b.lista ?? []).map((l) => `• ${l}`),
      ...(b.numrerad ?? []).map((l, i) => `${i + 1}. ${l}`),
      ...(b.uppgifter ?? []).map((u) => `${u.term}: ${u.text}`),
    ])
    .filter((t): t is string => t !== undefined)
    .join('\n');
}

/**
 * Each municipality's share of the fee, when the plan prints them (avgift_per_kommun) and the register counts every
 * municipality's inhabitants on the plan's day: a comparison speaks of what the documents say, not of what they could.
 */
function shareItems(budget: Budget, parent: string, scope: string, lookup: Lookup): Item[] {
  if (!budget.avgift_per_kommun) return [];
  const fees = municipalityFees(budget, lookup.registerData());
  if (!fees?.every((f) => f.fee !== undefined)) return [];
  return fees.map((f) => {
    const name = lookup.municipality(f.id).kommun;
    return item('andel', `${scope}andel-${f.id}`, parent, `Avgift, ${name}`, {}, { invanare: f.inhabitants, kommunens_avgift: f.fee });
  });
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
      const usualDay = k.organ ? lookup.body(k.organ).veckodag : undefined;
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
              // Where the meeting is, as the calendar says it: its own place, or the place of all its meetings.
              plats: r.plats ?? k.plats,
              installt: r.installt ? 'inställt' : undefined,
              till: r.till && formatDate(r.till),
              // As the calendar prints it: a meeting off the body's usual weekday is marked.
              undantag: usualDay && !r.till && weekdayOf(r.datum) !== usualDay ? `Obs ${weekdayOf(r.datum)}` : undefined,
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
        {
          avgiftsbeslut: `${lookup.body(b.budget.avgiftsbeslut.organ).namn} ${formatDate(b.budget.avgiftsbeslut.datum)}`,
          invanare_datum: isFillIn(b.budget.invanare.datum) ? undefined : formatDate(b.budget.invanare.datum),
        },
        // The fee is not repeated here: it is the line "Avgifter från kommunerna".
        {
          avgift_per_invanare: b.budget.avgift_per_invanare,
          invanare: b.budget.invanare.antal,
          summa_intakter: computed.totalIncome,
          summa_kostnader: computed.totalCosts,
        },
      );
      // "ca" is part of what an amount says: a dropped "ca" is a change.
      const line = (group: string) => (l: (typeof computed.income)[number]) => ({
        ...item('budgetrad', scope + l.id, budget.key, l.text, { text: l.text, ungefar: l.ungefar ? 'ca' : undefined }, { belopp: l.amount }),
        group,
      });
      return [
        budget,
        ...computed.income.map(line('intäkterna')),
        ...computed.costs.map(line('kostnaderna')),
        ...shareItems(b.budget, budget.key, scope, lookup),
      ];
    }
    if (b.ordforandeskap) {
      // Who chairs each body, field by field: "Ordförande: Daniel Dronjak → Ebba Östlin".
      const who = (id: string | FillIn | undefined) => (id === undefined ? undefined : isFillIn(id) ? `[${id.ifylles}]` : lookup.nameWithMunicipality(id));
      return b.ordforandeskap.map((o) =>
        item('roll', `${scope}ordforande-${o.organ}`, parent, `Ordförande i ${lookup.body(o.organ).namn}`, {
          ordförande: who(o.ordforande),
          'vice ordförande': who(o.vice_ordforande),
          valda: o.valda === undefined ? undefined : isFillIn(o.valda) ? `[${o.valda.ifylles}]` : formatDate(o.valda),
        }),
      );
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
  const walk = (punkter: readonly Punkt[], parent: string): Item[] =>
    punkter.flatMap((p) => {
      const punkt = {
        ...item('punkt', p.id, parent, p.rubrik, {
          rubrik: p.rubrik,
          text: blockText(p.innehall ?? []),
          diskussion: blockText(p.diskussion ?? []),
          // Each follow-up's line as it prints: who, what, from which meeting, where it stands.
          uppfoljning: p.uppfoljning
            ?.map((u) => {
              const status = u.status === undefined ? '' : isFillIn(u.status) ? `[${u.status.ifylles}]` : u.status;
              return [lookup.name(u.ansvarig), u.uppgift, formatDate(u.fran.datum) + (u.fran.punkt ? `, punkt ${u.fran.punkt}` : ''), status, u.kommentar]
                .filter(Boolean)
                .join(' – ');
            })
            .join('\n'),
          efter_beslut: blockText(p.efter_beslut ?? []),
        }),
        parts: blockParts([...(p.innehall ?? []), ...(p.diskussion ?? []), ...(p.efter_beslut ?? [])]),
      };
      const decisions = (p.beslut ?? []).map((b) =>
        item('beslut', b.id, punkt.key, inlineText(decisionText(b, lookup)), {
          text: inlineText(decisionText(b, lookup)),
          uppdrag: b.uppdrag?.map((u) => `${lookup.name(u.ansvarig)}: ${u.uppgift}`).join('\n'),
        }),
      );
      return [punkt, ...decisions, ...walk(p.underpunkter ?? [], punkt.key)];
    });
  const next = m.nasta_mote;
  // "Nästa möte" as it prints, the item the minutes end with.
  const nextMeeting = next
    ? [
        item('punkt', 'nasta-mote', '', 'Nästa möte', {
          rubrik: 'Nästa möte',
          text: [
            `Nästa möte hålls ${weekdayOf(next.datum)} ${formatDate(next.datum)}, ${formatTimeRange(next.tid)}, ${next.plats}.`,
            ...(next.stycken ?? []),
          ].join('\n'),
        }),
      ]
    : [];
  return [...minutesHeader(m, lookup), ...walk(m.punkter, ''), ...nextMeeting];
}

/** What the minutes say of the meeting before its items: when, where, who chaired, who came and who did not, who signs. */
function minutesHeader(m: Minnesanteckningar, lookup: Lookup): Item[] {
  const view = prepareMinnesanteckningar(m, lookup);
  const meeting = item('falt', 'motet', '', 'Mötet', { rubrik: view.titel, tid: view.tid, plats: inlineText(view.plats) });
  const attendance = [
    ...view.deltagare.map((d) => ({ namn: d.namn, narvaro: 'närvarande', var: [d.var, d.anmarkning].filter(Boolean).join(', ') })),
    ...view.franvarande.map((d) => ({ namn: d.namn, narvaro: 'frånvarande', var: d.var })),
  ];
  return [
    meeting,
    ...attendance.map((a) => item('deltagare', a.namn, meeting.key, a.namn, { närvaro: a.narvaro, roll: a.var })),
    item('falt', 'underskrifter', '', 'Underskrifter', { text: view.underskrifter.map((u) => `${u.roll}: ${inlineText(u.namn)}`).join('\n') }),
  ];
}

/** A tjänsteskrivelse as it prints: its letterhead, proposal and signatures field by field, its text paragraph by paragraph. */
function memoItems(view: TjansteskrivelseView): Item[] {
  const text = (inline: Inline | undefined) => (inline === undefined ? undefined : inlineText(inline));
  const h = view.handlaggare;
  const fields: Array<[string, string, string | undefined]> = [
    ['kommun', 'Kommun', view.kommun],
    ['titel', 'Rubrik', text(view.titel)],
    ['handlaggare', 'Handläggare', [h.forvaltning, h.namn, h.titel, h.telefon, h.epost].map(text).filter(Boolean).join(', ')],
    ['datum', 'Datum', text(view.datum)],
    ['diarienummer', 'Diarienummer', text(view.diarienummer)],
    ['mottagare', 'Mottagare', text(view.mottagare)],
    ['forslag', 'Förslag till beslut', `${text(view.forslagRubrik)}: ${view.forslag.map(text).join('\n')}`],
    ['underskrifter', 'Underskrifter', view.underskrifter.personer.map((p) => [p.namn, p.titel].map(text).filter(Boolean).join(', ')).join('\n')],
  ];
  const block = (b: MemoBlock) => ('text' in b ? inlineText(b.text) : b.punkter.map((p) => `– ${inlineText(p)}`).join('\n'));
  return [
    ...fields.map(([id, label, value]) => item('falt', id, '', label, { [label]: value })),
    ...view.sektioner.map((s) => item('falt', s.id, '', s.rubrik, { text: s.stycken.map(block).join('\n') })),
    // Numbered as they print: "Bilaga 1", so that a renumbering shows.
    ...view.bilagor.map((b, i) => item('bilaga', `bilaga-${i + 1}`, '', `Bilaga ${i + 1}`, { titel: `Bilaga ${i + 1}: ${inlineText(b)}` })),
  ];
}
