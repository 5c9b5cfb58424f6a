import { capitalize } from '../core/format.ts';
import { type Change, type FieldChange, groupBy } from './compare.ts';
import { amountText, type DiffReport, fieldName, numberText, shiftAmount } from './diff-report.ts';
import type { Item } from './items.ts';

/** One line of a comparison's summary: what changed, in a sentence, and the change it links to (its index in the report). */
export interface Highlight {
  text: string;
  change: number;
}

type Indexed = Change & { index: number };

/**
 * What a board member reads first, most important first: the budget's
 * totals, who chairs what, how each body's meetings moved, sections and
 * bilagor added, removed and reworked, and the minutes' attendance. Each
 * line names its figures once and links to the change that has them all.
 */
export function highlights(report: DiffReport, oldItems: readonly Item[], newItems: readonly Item[]): Highlight[] {
  const changes: Indexed[] = report.changes.map((c, index) => ({ ...c, index }));
  const of = (kind: Change['kind']) => changes.filter((c) => c.kind === kind);
  return [
    ...budgetLines(of('budget'), of('budgetrad')),
    ...reconciliation(of('budgetrad'), oldItems, newItems),
    ...of('roll').flatMap((role) => presence(role, 'tillkommer', 'utgår')),
    ...calendarLines(of('mote'), oldItems, newItems),
    ...sectionLines([...of('sektion'), ...of('falt').filter((c) => c.old === 'falt:motto' || c.new === 'falt:motto')]),
    ...of('bilaga').flatMap(bilagaLine),
    ...of('deltagare').flatMap((c) => presence(c, 'ny i anteckningarna', 'inte längre i anteckningarna')),
  ];
}

const line = (text: string, change: Indexed): Highlight => ({ text, change: change.index });

/** A chair or an attendee that came or went, or each of its fields that changed ("Ordförande: Dronjak → Östlin"). */
function presence(c: Indexed, came: string, went: string): Highlight[] {
  if (c.status === 'tillagd') return [line(`${c.label}: ${came}`, c)];
  if (c.status === 'borttagen') return [line(`${c.label}: ${went}`, c)];
  return texts(c).map((f) => line(`${c.label}, ${f.field}: ${change(f)}`, c));
}
const numbers = (c: Change) => c.fields.filter((f): f is Extract<FieldChange, { kind: 'number' }> => f.kind === 'number');
const texts = (c: Change) => c.fields.filter((f): f is Extract<FieldChange, { kind: 'text' }> => f.kind === 'text');

/** The budget's figures, and each line added or removed with its amount. */
function budgetLines(budgets: readonly Indexed[], rows: readonly Indexed[]): Highlight[] {
  return [
    ...budgets.flatMap((budget) => numbers(budget).map((f) => line(`${fieldName(f.field)}: ${numberText(f)}`, budget))),
    ...rows
      .filter((c) => c.status === 'tillagd' || c.status === 'borttagen')
      .map((row) => {
        const amounts = numbers(row).map((f) => amountText(f.field, row.status === 'tillagd' ? f.new : f.old));
        return line(`Budgetrad ${row.status === 'tillagd' ? 'tillagd' : 'borttagen'}: ${row.label}${amounts.length > 0 ? `, ${amounts.join(', ')}` : ''}`, row);
      }),
  ];
}

/**
 * What explains the totals' change: per sum (intäkterna, kostnaderna), each
 * line whose amount changed, came or went, with its difference; together
 * they make the total's difference, stated once in the line above.
 */
function reconciliation(rows: readonly Indexed[], oldItems: readonly Item[], newItems: readonly Item[]): Highlight[] {
  const groupOf = new Map([...oldItems, ...newItems].filter((i) => i.group).map((i) => [i.key, i.group!]));
  const changed = rows.flatMap((row) => {
    const amount = numbers(row).find((f) => f.field === 'belopp');
    const group = groupOf.get(row.new ?? row.old ?? '');
    return amount && group ? [{ row, group, difference: amount.difference }] : [];
  });
  const groups = groupBy(changed, (c) => c.group);
  const signed = (n: number) => `${n < 0 ? '−' : '+'}${amountText('belopp', Math.abs(n))}`;
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b, 'sv'))
    .map(([group, list]) =>
      line(`Det förklaras av ${group}: ${list.map(({ row, difference }) => `${row.label} ${signed(difference)}`).join('; ')}`, list[0]!.row),
    );
}

/** Each calendar's meetings together: how many moved and how far, how many were dropped or added. */
function calendarLines(meetingChanges: readonly Indexed[], oldItems: readonly Item[], newItems: readonly Item[]): Highlight[] {
  const calendarOf = (items: readonly Item[]) => {
    const byKey = new Map(items.map((i) => [i.key, i]));
    return (key: string | undefined) => byKey.get(byKey.get(key ?? '')?.parent ?? '')?.label;
  };
  const [oldCalendar, newCalendar] = [calendarOf(oldItems), calendarOf(newItems)];
  const meetings = groupBy(meetingChanges, (c) => newCalendar(c.new) ?? oldCalendar(c.old) ?? c.section);
  return [...meetings].flatMap(([calendar, list]) => {
    const shifts = list.flatMap((c) => c.fields.flatMap((f) => (f.kind === 'date' && f.days !== 0 ? [f.days] : [])));
    const count = (status: Change['status']) => list.filter((c) => c.status === status).length;
    const [dropped, added] = [count('borttagen'), count('tillagd')];
    const parts = [
      shifts.length > 0 ? `${shifts.length} ${shifts.length === 1 ? 'möte' : 'möten'} på nytt datum (${shiftRange(shifts)})` : '',
      dropped > 0 ? `${dropped} ${dropped === 1 ? 'möte' : 'möten'} utgår` : '',
      added > 0 ? `${added} ${added === 1 ? 'nytt möte' : 'nya möten'}` : '',
    ].filter(Boolean);
    return parts.length > 0 ? [line(`${capitalize(calendar)}: ${parts.join(', ')}`, list[0]!)] : [];
  });
}

/** Sections added, removed, reworked under a new heading, and those whose text changed. */
function sectionLines(sections: readonly Indexed[]): Highlight[] {
  const names = (list: readonly Change[]) => list.map((c) => c.label).join(', ');
  const added = sections.filter((c) => c.status === 'tillagd');
  const removed = sections.filter((c) => c.status === 'borttagen');
  const reworded = sections.filter((c) => c.old === c.new && texts(c).length > 0);
  return [
    ...(added.length > 0 ? [line(`Nya avsnitt: ${names(added)}`, added[0]!)] : []),
    ...(removed.length > 0 ? [line(`Borttagna avsnitt: ${names(removed)}`, removed[0]!)] : []),
    ...sections
      .filter((c) => c.old && c.new && c.old !== c.new)
      .map((c) => line(`Omarbetat avsnitt: ${c.label} (tidigare ${texts(c).find((f) => f.field === 'rubrik')?.old ?? c.old})`, c)),
    ...(reworded.length > 0 ? [line(`Ändrad text i: ${names(reworded)}`, reworded[0]!)] : []),
  ];
}

/** A bilaga added or removed, or numbered anew. */
function bilagaLine(c: Indexed): Highlight[] {
  if (c.status === 'tillagd' || c.status === 'borttagen') return [line(`Bilaga ${c.status === 'tillagd' ? 'tillagd' : 'borttagen'}: ${c.label}`, c)];
  const number = texts(c).find((f) => f.field === 'nummer');
  return number ? [line(`${c.label}: ${number.old} → ${number.new}`, c)] : [];
}

/** "Daniel Dronjak → Ebba Östlin"; a value that is new or gone said so. */
function change(f: Extract<FieldChange, { kind: 'text' }>): string {
  if (f.old === '') return `${f.new} (ny uppgift)`;
  if (f.new === '') return `${f.old} (utgår)`;
  return `${f.old} → ${f.new}`;
}

/** "4–19 dagar tidigare", "1–2 veckor senare", "mellan 10 dagar tidigare och 25 dagar senare". */
export function shiftRange(days: readonly number[]): string {
  const direction = (d: number) => (d < 0 ? 'tidigare' : 'senare');
  const [low, high] = [Math.min(...days), Math.max(...days)];
  if (low === high) return `${shiftAmount(Math.abs(low), low % 7 === 0)} ${direction(low)}`;
  if (Math.sign(low) !== Math.sign(high)) {
    return `mellan ${shiftAmount(Math.abs(low), low % 7 === 0)} ${direction(low)} och ${shiftAmount(Math.abs(high), high % 7 === 0)} ${direction(high)}`;
  }
  // One unit for both ends: weeks only when both are whole weeks.
  const [near, far] = [Math.min(Math.abs(low), Math.abs(high)), Math.max(Math.abs(low), Math.abs(high))];
  const weeks = near % 7 === 0 && far % 7 === 0;
  return `${weeks ? near / 7 : near}–${shiftAmount(far, weeks)} ${direction(low)}`;
}
