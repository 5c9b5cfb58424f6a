import { formatAmount, formatDate, formatNumber, formatShortDate } from '../core/format.ts';
import { type Change, compareItems, type FieldChange, groupBy, type Pairing } from './compare.ts';
import type { Item } from './items.ts';

/** One side of a comparison: which edition or source it is, and its items. */
export interface Side {
  /** The edition id, or the source's path. */
  name: string;
  title: string;
  status: string;
  version: number;
  date?: string;
  items: Item[];
}

/** A comparison of two editions: which they are, the changes, and counts per section and kind. */
export interface DiffReport {
  old: Omit<Side, 'items'>;
  new: Omit<Side, 'items'>;
  summary: { total: Record<Change['status'], number>; sections: Array<{ section: string; counts: Partial<Record<Change['status'], number>> }> };
  changes: Change[];
}

const statuses: Array<Change['status']> = ['tillagd', 'borttagen', 'andrad', 'flyttad', 'flyttad-och-andrad'];

/** Compares two sides and counts what changed, per section and in all. */
export function diffSides(old: Side, next: Side): DiffReport {
  const changes = compareItems(old.items, next.items);
  const total = Object.fromEntries(statuses.map((s) => [s, changes.filter((c) => c.status === s).length])) as DiffReport['summary']['total'];
  const sections = [...groupBy(changes, (c) => c.section)].map(([section, list]) => ({
    section,
    counts: Object.fromEntries(statuses.map((s) => [s, list.filter((c) => c.status === s).length]).filter(([, n]) => n)),
  }));
  return { old: describeSide(old), new: describeSide(next), summary: { total, sections }, changes };
}

/** What a report says of a side: everything but its items. */
function describeSide(side: Side): DiffReport['old'] {
  return { name: side.name, title: side.title, status: side.status, version: side.version, ...(side.date !== undefined && { date: side.date }) };
}

const statusWords: Record<Change['status'], [string, string]> = {
  tillagd: ['tillagd', 'tillagda'],
  borttagen: ['borttagen', 'borttagna'],
  andrad: ['ändrad', 'ändrade'],
  flyttad: ['flyttad', 'flyttade'],
  'flyttad-och-andrad': ['flyttad och ändrad', 'flyttade och ändrade'],
};

const fieldNames: Record<string, string> = {
  invanare: 'Invånare',
  avgift: 'Avgifter',
  kommunens_avgift: 'Avgift',
  avgift_per_invanare: 'Avgift per invånare',
  summa: 'Summa intäkter och kostnader',
  summa_intakter: 'Summa intäkter',
  summa_kostnader: 'Summa kostnader',
  invanare_datum: 'Invånare räknade',
  avgiftsbeslut: 'Avgiftsbeslut',
  belopp: 'Belopp',
  mal: 'Mål',
  delmal: 'Delmål',
  installt: 'Inställt',
  till: 'Till och med',
  varde: 'Värde',
  värde: 'Värde',
  ungefar: 'Ungefärligt belopp',
  uppfoljning: 'Uppföljning',
  efter_beslut: 'Efter beslutet',
};

/** A field's name as a reader says it: "Summa kostnader" for summa_kostnader. */
export function fieldName(field: string): string {
  return fieldNames[field] ?? field.charAt(0).toUpperCase() + field.slice(1);
}

/** "3 ändrade, 1 tillagd". */
export function countsText(counts: Partial<Record<Change['status'], number>>): string {
  const parts = statuses.filter((s) => counts[s]).map((s) => `${counts[s]} ${statusWords[s][counts[s] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(', ') : 'inga ändringar';
}

/** "verksamhetsplan-2023@v2 (beslutad, version 2, 16 mars 2023)". */
export function sideText(side: DiffReport['old']): string {
  return `${side.name} (${side.status}, version ${side.version}${side.date ? `, ${formatDate(side.date)}` : ''})`;
}

/** A figure as it prints: kronor, or a count (inhabitants, the fee per inhabitant). */
export function amountText(field: string, n: number): string {
  return field === 'invanare' || field === 'avgift_per_invanare' ? formatNumber(n) : formatAmount(n);
}

/** A number change as a reader wants it: "1 350 000 kr → 1 404 950 kr (+54 950 kr, +4,1 %)". */
export function numberText(f: Extract<FieldChange, { kind: 'number' }>): string {
  const show = (n: number) => amountText(f.field, n);
  const sign = f.difference > 0 ? '+' : '−';
  const percent = f.percent === null ? '' : `, ${sign}${String(Math.abs(f.percent)).replace('.', ',')} %`;
  return `${show(f.old)} → ${show(f.new)} (${sign}${show(Math.abs(f.difference))}${percent})`;
}

/** The report for a terminal: what is compared, counts, and one line per change. */
export function terminalText(report: DiffReport): string {
  const lines = [
    `Jämförelse: ${sideText(report.old)} → ${sideText(report.new)}`,
    `  ${countsText(report.summary.total)}`,
    ...report.summary.sections.map((s) => `  ${s.section}: ${countsText(s.counts)}`),
    '',
  ];
  const marks: Record<Change['status'], string> = { tillagd: '+', borttagen: '−', andrad: '~', flyttad: '→', 'flyttad-och-andrad': '→~' };
  for (const c of report.changes) {
    const pairing = pairingText(c) && ` [${pairingText(c)}]`;
    const where = c.from !== undefined ? ` (från "${c.from}" till "${c.to}")` : c.contains ? ` (med ${c.contains} ${c.contains === 1 ? 'del' : 'delar'})` : '';
    lines.push(`${marks[c.status]} ${c.kind} ${(c.new ?? c.old)!.split(':')[1]}: ${truncate(c.label)}${where}${pairing}`);
    for (const f of c.fields) lines.push(`    ${fieldName(f.field)}: ${fieldText(f)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** How an item with a new id was paired with its old self, as the reports say it. */
export const pairingNames: Record<Exclude<Pairing, 'id'>, string> = {
  likhet: 'liknande text',
  datum: 'plats i året',
  plats: 'plats i dokumentet',
  innehall: 'innehåll',
};

/** "parad efter liknande text, 62 % lika": how an item with a new id was found, as the reports say it; nothing for the same id. */
export function pairingText(c: Change): string {
  if (!c.pairing || c.pairing === 'id') return '';
  const alike = c.likhet === undefined ? '' : `, ${Math.round(c.likhet * 100)} % ${c.pairing === 'innehall' ? 'av delarna' : 'lika'}`;
  return `parad efter ${pairingNames[c.pairing]}${alike}`;
}

/**
 * A meeting moved: "tor 2 apr → mån 16 mar, 17 dagar tidigare" (across years,
 * how much earlier or later in the year; the editions name the years).
 */
export function dateText(f: Extract<FieldChange, { kind: 'date' }>): string {
  const shift = f.days === 0 ? 'samma datum' : `${shiftAmount(Math.abs(f.days), f.days % 7 === 0)} ${f.days < 0 ? 'tidigare' : 'senare'}`;
  return `${formatShortDate(f.old)} → ${formatShortDate(f.new)}, ${shift}`;
}

/** A number of days moved, as weeks ("2 veckor") or days ("17 dagar"). */
export function shiftAmount(days: number, inWeeks: boolean): string {
  return inWeeks ? `${days / 7} ${days === 7 ? 'vecka' : 'veckor'}` : `${days} ${days === 1 ? 'dag' : 'dagar'}`;
}

function fieldText(f: FieldChange): string {
  if (f.kind === 'number') return numberText(f);
  if (f.kind === 'date') return dateText(f);
  if (f.old === '') return `tillagd: "${truncate(f.new)}"`;
  if (f.new === '') return `borttagen: "${truncate(f.old)}"`;
  if ('whole' in f.change) return `"${truncate(f.old)}" → "${truncate(f.new)}"`;
  const runs = f.change.runs;
  return runs
    .map((r, i) => (r.type === 'same' ? around(r.text, i === 0, i === runs.length - 1) : r.type === 'added' ? `{+${r.text}+}` : `[-${r.text}-]`))
    .join('')
    .replace(/\s+/g, ' ');
}

/** Words of unchanged text the terminal shows on each side of a change; the rest is "…" (a long text changed in one word printed whole). */
const CONTEXT_WORDS = 8;

/** An unchanged run as context: its last words before the first change, its first after the last, both ends between two. */
function around(text: string, first: boolean, last: boolean): string {
  const words = text.trim().split(/\s+/);
  const [lead, trail] = [/^\s/.test(text) ? ' ' : '', /\s$/.test(text) ? ' ' : ''];
  const head = words.slice(0, CONTEXT_WORDS).join(' ');
  const tail = words.slice(-CONTEXT_WORDS).join(' ');
  if (first && last) return text;
  if (first) return words.length > CONTEXT_WORDS ? `…${lead || ' '}${tail}${trail}` : text;
  if (last) return words.length > CONTEXT_WORDS ? `${lead}${head}${trail || ' '}…` : text;
  return words.length > 2 * CONTEXT_WORDS ? `${lead}${head} … ${tail}${trail}` : text;
}

function truncate(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
