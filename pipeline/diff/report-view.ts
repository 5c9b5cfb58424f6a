import { formatDate } from '../core/format.ts';
import type { DocumentMeta } from '../core/view.ts';
import type { Change, FieldChange } from './compare.ts';
import { countsText, type DiffReport, dateText, fieldName, numberText, pairingText } from './diff-report.ts';
import { highlights } from './highlights.ts';
import type { Item, Part } from './items.ts';
import type { Run } from './words.ts';

/** A change as the report shows it: heading, where it was, and each field as a redline or side by side. */
export interface ChangeView {
  anchor: string;
  heading: string;
  status: Change['status'];
  note?: string;
  redlines: Array<{ field: string; runs: Run[] }>;
  sideBySide: Array<{ field: string; old: Run[]; new: Run[] }>;
  numbers: Array<{ field: string; text: string }>;
  dates: Array<{ field: string; text: string }>;
  /** An added or removed item shown whole, laid out as it was: its headings, paragraphs and list items, and its parts. */
  whole?: { added: boolean; blocks: Array<{ rubrik?: string; stycke?: string; lista?: string[] }> };
  /** Which section it is in, by its place in the list of sections (for the HTML report's filter). */
  sektion: number;
}

export interface DiffView {
  meta: DocumentMeta;
  titel: string;
  sidor: Array<{ roll: string; namn: string; status: string; version: number; datum: string }>;
  summering: string;
  /** The summary a board member reads first, most important first, each linked to its change. */
  iKorthet: Array<{ text: string; anchor: string }>;
  sektioner: Array<{ sektion: string; antal: string; index: number }>;
  /** The kinds of change there are, for the HTML report's filter. */
  slag: Array<{ status: Change['status']; namn: string }>;
  andringar: ChangeView[];
}

const kindNames: Record<Change['kind'], string> = {
  sektion: 'Avsnitt',
  aktivitetstabell: 'Aktivitetstabell',
  aktivitet: 'Aktivitet',
  kalendarium: 'Kalendarium',
  mote: 'Möte',
  budget: 'Budget',
  budgetrad: 'Budgetrad',
  andel: 'Kommunens avgift',
  handlingsplanrad: 'Handlingsplanens rad',
  paragraf: 'Paragraf',
  bilaga: 'Bilaga',
  punkt: 'Punkt',
  beslut: 'Beslut',
  deltagare: 'Deltagare',
  roll: 'Ordförandeskap',
  falt: 'Fält',
};
const statusNames: Record<Change['status'], string> = {
  tillagd: 'Tillagd',
  borttagen: 'Borttagen',
  andrad: 'Ändrad',
  flyttad: 'Flyttad',
  'flyttad-och-andrad': 'Flyttad och ändrad',
};

/** Makes a comparison ready to print: a summary first, then each change with its redlines, two-column views, numbers and dates. */
export function reportView(report: DiffReport, oldItems: readonly Item[], newItems: readonly Item[]): DiffView {
  const title = `Jämförelse: ${report.new.title}`;
  const side = (roll: string, s: DiffReport['old']) => ({ roll, namn: s.name, status: s.status, version: s.version, datum: s.date ? formatDate(s.date) : '' });
  const sections = report.summary.sections.map((s) => s.section);
  const [oldWhole, newWhole] = [wholeOf(oldItems), wholeOf(newItems)];
  return {
    meta: {
      title: `${title} (${report.old.name} → ${report.new.name})`,
      subject: `Ändringar från ${report.old.name} till ${report.new.name}`,
      author: 'handlingar',
      keywords: ['jämförelse', report.old.name, report.new.name],
      draft: false,
      header: title,
      ...(report.new.date !== undefined && { date: report.new.date }),
    },
    titel: title,
    sidor: [side('Jämför från', report.old), side('Till', report.new)],
    summering: countsText(report.summary.total),
    iKorthet: highlights(report, oldItems, newItems).map((h) => ({ text: h.text, anchor: anchorOf(h.change) })),
    sektioner: report.summary.sections.map((s, index) => ({ sektion: s.section, antal: countsText(s.counts), index })),
    slag: (Object.keys(statusNames) as Array<Change['status']>)
      .filter((k) => report.summary.total[k] > 0)
      .map((status) => ({ status, namn: statusNames[status] })),
    andringar: report.changes.map((c, i) =>
      changeView(c, i, sections.indexOf(c.section), c.status === 'tillagd' ? newWhole(c.new!) : c.status === 'borttagen' ? oldWhole(c.old!) : undefined),
    ),
  };
}

const anchorOf = (index: number) => `andring-${index + 1}`;

/**
 * An item shown whole: its own text as laid out, then its parts (an
 * activity table's rows, a calendar's meetings) under their headings.
 */
function wholeOf(items: readonly Item[]): (key: string) => Part[] {
  const children = new Map<string, Item[]>();
  for (const item of items) {
    if (!children.has(item.parent)) children.set(item.parent, []);
    children.get(item.parent)!.push(item);
  }
  const byKey = new Map(items.map((i) => [i.key, i]));
  const own = (item: Item): Part[] => item.parts ?? Object.values(item.text).flatMap((t) => t.split('\n').map((text) => ({ typ: 'stycke' as const, text })));
  const below = (key: string): Part[] =>
    (children.get(key) ?? []).flatMap((child) =>
      children.has(child.key)
        ? [{ typ: 'rubrik' as const, text: child.label }, ...(child.parts ?? []), ...below(child.key)]
        : // A row as a line: its name, then what else it says (a meeting's place, "inställt", its last day).
          [{ typ: 'punkt' as const, text: [child.label, ...Object.values(child.text).filter((t) => t !== child.label)].join(' – ') }],
    );
  return (key) => {
    const item = byKey.get(key);
    return item ? [...own(item).filter((p) => p.text !== item.label), ...below(key)] : [];
  };
}

function changeView(c: Change, index: number, section: number, whole: Part[] | undefined): ChangeView {
  const texts = c.fields.filter((f): f is Extract<FieldChange, { kind: 'text' }> => f.kind === 'text');
  const paragraphs = texts.filter((f) => f.new.includes('\n') || f.old.includes('\n') || 'whole' in f.change);
  const pairing = pairingText(c) && ` (${pairingText(c)})`;
  return {
    anchor: anchorOf(index),
    sektion: section,
    heading: `${statusNames[c.status]}: ${kindNames[c.kind]} – ${shorten(c.label)}`,
    status: c.status,
    ...((c.from !== undefined || pairing || c.contains) && {
      note: [
        c.from !== undefined ? `Flyttad från "${c.from}" till "${c.to}".` : '',
        pairing.trim(),
        c.contains
          ? `Med ${c.contains} ${c.contains === 1 ? 'del' : 'delar'} (rader, möten, aktiviteter) som ${c.status === 'tillagd' ? 'också är tillagda' : 'också är borttagna'}.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    }),
    redlines: texts.filter((f) => !paragraphs.includes(f)).map((f) => ({ field: fieldName(f.field), runs: 'runs' in f.change ? spaced(f.change.runs) : [] })),
    sideBySide: paragraphs.map((f) => ({
      field: fieldName(f.field).toLowerCase(),
      old: 'runs' in f.change ? f.change.runs.filter((r) => r.type !== 'added') : [{ type: 'removed', text: f.old }],
      new: 'runs' in f.change ? f.change.runs.filter((r) => r.type !== 'removed') : [{ type: 'added', text: f.new }],
    })),
    numbers: c.fields
      .filter((f): f is Extract<FieldChange, { kind: 'number' }> => f.kind === 'number')
      .map((f) => ({ field: fieldName(f.field), text: numberText(f) })),
    dates: c.fields
      .filter((f): f is Extract<FieldChange, { kind: 'date' }> => f.kind === 'date')
      .map((f) => ({ field: fieldName(f.field), text: dateText(f) })),
    ...(whole !== undefined && { whole: { added: c.status === 'tillagd', blocks: laidOut(whole) } }),
  };
}

/** Parts as blocks to print: list items that follow each other in one list. */
function laidOut(parts: readonly Part[]): NonNullable<ChangeView['whole']>['blocks'] {
  const blocks: NonNullable<ChangeView['whole']>['blocks'] = [];
  for (const part of parts) {
    const last = blocks.at(-1);
    if (part.typ === 'punkt' && last?.lista) last.lista.push(part.text);
    else blocks.push(part.typ === 'punkt' ? { lista: [part.text] } : part.typ === 'rubrik' ? { rubrik: part.text } : { stycke: part.text });
  }
  return blocks;
}

/** A deletion and the insertion that replaces it, kept a space apart so that their words do not run together ("Analysera Genomföra"). */
function spaced(runs: readonly Run[]): Run[] {
  return runs.flatMap((run, i) => {
    const next = runs[i + 1];
    const touching = run.type === 'removed' && next?.type === 'added' && /\S$/.test(run.text) && /^\S/.test(next.text);
    return touching ? [run, { type: 'same' as const, text: ' ' }] : [run];
  });
}

function shorten(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
