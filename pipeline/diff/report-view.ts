import { formatDate } from '../core/format.ts';
import type { DocumentMeta } from '../core/view.ts';
import type { Change, FieldChange } from './compare.ts';
import { countsText, type DiffReport, dateText, fieldName, numberText, pairingText } from './diff-report.ts';
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
  wholeText?: { text: string; added: boolean };
}

export interface DiffView {
  meta: DocumentMeta;
  titel: string;
  sidor: Array<{ roll: string; namn: string; status: string; version: number; datum: string }>;
  summering: string;
  sektioner: Array<{ sektion: string; antal: string }>;
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

/** Makes a comparison ready to print: headings, redlines, two-column views for changed paragraphs, number and date lines. */
export function reportView(report: DiffReport, oldText: (key: string) => string | undefined, newText: (key: string) => string | undefined): DiffView {
  const title = `Jämförelse: ${report.new.title}`;
  const side = (roll: string, s: DiffReport['old']) => ({ roll, namn: s.name, status: s.status, version: s.version, datum: s.date ? formatDate(s.date) : '' });
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
    sektioner: report.summary.sections.map((s) => ({ sektion: s.section, antal: countsText(s.counts) })),
    andringar: report.changes.map((c, i) =>
      changeView(c, i, c.status === 'tillagd' ? newText(c.new!) : c.status === 'borttagen' ? oldText(c.old!) : undefined),
    ),
  };
}

function changeView(c: Change, index: number, wholeText: string | undefined): ChangeView {
  const texts = c.fields.filter((f): f is Extract<FieldChange, { kind: 'text' }> => f.kind === 'text');
  const paragraphs = texts.filter((f) => f.new.includes('\n') || f.old.includes('\n') || 'whole' in f.change);
  const pairing = pairingText(c) && ` (${pairingText(c)})`;
  return {
    anchor: `andring-${index + 1}`,
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
    redlines: texts.filter((f) => !paragraphs.includes(f)).map((f) => ({ field: fieldName(f.field), runs: 'runs' in f.change ? f.change.runs : [] })),
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
    ...(wholeText !== undefined && { wholeText: { text: wholeText, added: c.status === 'tillagd' } }),
  };
}

function shorten(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
