import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultEditionsDir, listEditions } from '../../pipeline/archive/editions.ts';
import type { Minnesanteckningar, Register, Verksamhetsplan } from '../../pipeline/core/model.ts';
import { defaultSourcesDir, projectRoot } from '../../pipeline/core/paths.ts';
import { compareItems, type FieldChange, shiftInYear } from '../../pipeline/diff/compare.ts';
import { dateText, diffSides, type Side, terminalText } from '../../pipeline/diff/diff-report.ts';
import { shiftRange } from '../../pipeline/diff/highlights.ts';
import { type Item, itemsOf } from '../../pipeline/diff/items.ts';
import { compareText } from '../../pipeline/diff/words.ts';
import { loadSide } from '../../pipeline/orchestrate/sides.ts';
import { standaloneHtml } from '../../pipeline/print/standalone-html.ts';
import { scaledPlan } from '../helpers/scaled-plan.ts';

const side = async (id: string): Promise<Side> => {
  const loaded = await loadSide(id, defaultEditionsDir);
  expect(loaded.messages.filter((m) => m.severity === 'error')).toEqual([]);
  return loaded.side!;
};
const draft2023 = listEditions(defaultEditionsDir).find((e) => e.id.startsWith('verksamhetsplan-2023@v1-utkast-'))!.id;

describe('comparing the real editions', () => {
  it('of the 2023 draft and the decided plan matches golden files (structured and as text)', async () => {
    const report = diffSides(await side(draft2023), await side('verksamhetsplan-2023@v2'));
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot('../golden/diff-2023-utkast-beslutad.json');
    await expect(terminalText(report)).toMatchFileSnapshot('../golden/diff-2023-utkast-beslutad.txt');
  });

  it('of the minutes of 2023-10-27 and their re-transcription (version 2) matches golden files: the attendee line that changed', async () => {
    const report = diffSides(await side('minnesanteckningar-ledningsgruppen-2023-10-27@v1'), await side('minnesanteckningar-ledningsgruppen-2023-10-27@v2'));
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot('../golden/diff-minnesanteckningar-v1-v2.json');
    await expect(terminalText(report)).toMatchFileSnapshot('../golden/diff-minnesanteckningar-v1-v2.txt');
  });

  it('in the terminal, shows a long text changed in a few words as those words with some words around them, not the whole text', async () => {
    // Version 3 took the figure captions out of the SUP 2040 bilaga, a text of some thousand words.
    const report = diffSides(await side('verksamhetsplan-2023@v2'), await side('verksamhetsplan-2023@v3'));
    const line = terminalText(report)
      .split('\n')
      .find((l) => l.includes('[-Figur 1.'))!;
    expect(line).toContain(
      '… ofta behöver samarbeta med övriga delar av Stockholmsregionen. [-Figur 1. Södertörnskommunernas utvecklingsprogram i styrningshierarkin. -]',
    );
    expect(line).toContain(' … ');
    expect(line.length).toBeLessThan(1200);
    expect(line.length).toBeLessThan(report.changes.flatMap((c) => c.fields).reduce((n, f) => Math.max(n, 'old' in f ? String(f.old).length : 0), 0));
  });

  it('of the 2020 and 2023 plans matches golden files (structured and as text)', { timeout: 60_000 }, async () => {
    const report = diffSides(await side('verksamhetsplan-2020@v1'), await side('verksamhetsplan-2023@v2'));
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot('../golden/diff-2020-2023.json');
    await expect(terminalText(report)).toMatchFileSnapshot('../golden/diff-2020-2023.txt');
  });

  it('finds exactly the realistic differences between the 2023 draft and the decided plan', async () => {
    const { changes } = diffSides(await side(draft2023), await side('verksamhetsplan-2023@v2'));
    const of = (key: string) => changes.find((c) => (c.new ?? c.old) === key)!;
    expect(of('aktivitet:trafik-remissyttrande').status).toBe('tillagd');
    expect(of('aktivitet:klimat-effektanalys')).toMatchObject({ status: 'andrad', pairing: 'id' });
    expect(of('aktivitet:hemsidan').fields).toEqual([expect.objectContaining({ field: 'kommentar', new: '' })]);
    expect(of('aktivitet:rekrytering')).toMatchObject({
      status: 'flyttad',
      from: 'Förvaltningsaktiviteter: kansliet',
      to: 'Utvecklings-, utrednings- och påverkansaktiviteter: kansliet',
    });
    expect(of('mote:sk-2023-08-17')).toMatchObject({
      old: 'mote:sk-2023-08-24',
      pairing: 'datum',
      fields: [{ field: 'datum', kind: 'date', old: '2023-08-24', new: '2023-08-17', days: -7 }],
    });
    expect(of('budgetrad:personal').fields).toEqual([{ field: 'belopp', kind: 'number', old: 1_350_000, new: 1_404_950, difference: 54_950, percent: 4.1 }]);
    expect(of('budget:budget').fields).toEqual([
      { field: 'summa_kostnader', kind: 'number', old: 2_018_126, new: 2_073_076, difference: 54_950, percent: 2.7 },
    ]);
    expect(changes).toHaveLength(7);
  });

  it('finds nothing between an edition and itself', async () => {
    expect(diffSides(await side('verksamhetsplan-2023@v2'), await side('verksamhetsplan-2023@v2')).changes).toEqual([]);
    expect(diffSides(await side('verksamhetsplan-2020@v1'), await side('verksamhetsplan-2020@v1')).summary.sections).toEqual([]);
  });

  it('swaps added and removed when the sides are swapped', { timeout: 60_000 }, async () => {
    const forward = diffSides(await side('verksamhetsplan-2020@v1'), await side('verksamhetsplan-2023@v2')).summary.total;
    const backward = diffSides(await side('verksamhetsplan-2023@v2'), await side('verksamhetsplan-2020@v1')).summary.total;
    expect([backward.tillagd, backward.borttagen]).toEqual([forward.borttagen, forward.tillagd]);
    expect(backward.andrad + backward['flyttad-och-andrad']).toBe(forward.andrad + forward['flyttad-och-andrad']);
  });
});

describe('item matching', () => {
  const item = (key: string, parent: string, text: string): Item => ({
    key,
    kind: 'aktivitet',
    id: key.split(':')[1]!,
    parent,
    label: text,
    text: { aktivitet: text },
    numbers: {},
  });
  const tables = (kind: Item['kind'], id: string): Item => ({ key: `${kind}:${id}`, kind, id, parent: '', label: id, text: {}, numbers: {} });

  it('reports an activity moved to another table as moved, not as removed and added', async () => {
    const a = [tables('aktivitetstabell', 'x'), item('aktivitet:a', 'aktivitetstabell:x', 'Ett'), tables('aktivitetstabell', 'y')];
    const b = [tables('aktivitetstabell', 'x'), tables('aktivitetstabell', 'y'), item('aktivitet:a', 'aktivitetstabell:y', 'Ett')];
    expect(compareItems(a, b).map((c) => [c.status, c.from, c.to])).toEqual([['flyttad', 'x', 'y']]);
  });

  it('reports a reordered activity as moved', async () => {
    const t = tables('aktivitetstabell', 't');
    const [one, two, three] = ['Ett', 'Två', 'Tre'].map((w, i) => item(`aktivitet:${i}`, t.key, w));
    const changes = compareItems([t, one!, two!, three!], [t, three!, one!, two!]);
    expect(changes.map((c) => [c.status, c.new])).toEqual([['flyttad', 'aktivitet:2']]);
  });

  it('pairs items with different ids by similar text, and says so', async () => {
    const changes = compareItems(
      [item('aktivitet:gammal', '', 'Genomför Södertörnskonferensen 2022 med fokus på infrastruktur.')],
      [item('aktivitet:ny', '', 'Genomför Södertörnskonferensen 2023 med fokus på infrastruktur.')],
    );
    expect(changes.map((c) => [c.status, c.pairing, c.old, c.new])).toEqual([['andrad', 'likhet', 'aktivitet:gammal', 'aktivitet:ny']]);
  });
});

describe('across years', () => {
  const plan = (file: string) => parse(readFileSync(join(defaultSourcesDir, 'verksamhetsplan', file), 'utf8')) as Verksamhetsplan;
  const register = parse(readFileSync(join(defaultSourcesDir, 'register.yaml'), 'utf8')) as Register;
  const items = (p: Verksamhetsplan) => itemsOf(p, register, () => undefined);

  it("pairs next year's renumbered meetings with this year's by their place in the year, with weekday and shift", () => {
    const old = plan('2023.yaml');
    // Next year's calendar as `handlingar next` writes it: ids that number the meetings, dates a year on.
    const next = structuredClone(old);
    next.ar = 2024;
    for (const k of next.sektioner.flatMap((s) => s.innehall.flatMap((b) => (b.kalendarium ? [b.kalendarium] : [])))) {
      k.rader = k.rader.map((r, i) => ({
        ...r,
        id: `${k.id}-${i + 1}`,
        datum: r.datum.replace('2023-', '2024-'),
        ...(r.till && { till: r.till.replace('2023-', '2024-') }),
      }));
    }
    // One meeting moved a fortnight, one dropped.
    const sk = next.sektioner.flatMap((s) => s.innehall.flatMap((b) => (b.kalendarium?.id === 'samarbetskommitten' ? [b.kalendarium] : [])))[0]!;
    sk.rader[1]!.datum = '2024-03-28';
    sk.rader.splice(3, 1);
    const changes = compareItems(items(old), items(next)).filter((c) => c.kind === 'mote');
    expect(changes.filter((c) => c.status === 'tillagd')).toEqual([]);
    expect(changes.filter((c) => c.status === 'borttagen').map((c) => c.old)).toEqual(['mote:sk-2023-08-17']);
    const moved = changes.find((c) => c.old === 'mote:sk-2023-03-16')!;
    expect([moved.new, moved.pairing]).toEqual(['mote:samarbetskommitten-2', 'datum']);
    expect(dateText(moved.fields.find((f) => f.kind === 'date') as Extract<FieldChange, { kind: 'date' }>)).toBe(
      'tor 16\u00a0mar → tor 28\u00a0mar, 12 dagar senare',
    );
    // The same date a year on is no move, though the weekday differs: said as such.
    const same = changes.find((c) => c.old === 'mote:sk-2023-01-12')!;
    expect(dateText(same.fields.find((f) => f.kind === 'date') as Extract<FieldChange, { kind: 'date' }>)).toBe(
      'tor 12\u00a0jan → fre 12\u00a0jan, samma datum',
    );
  });

  it('pairs every activity of a plan 50 times the size by content when every id is renamed (without comparing every pair)', () => {
    const old = plan('2023.yaml');
    const changes = compareItems(items(scaledPlan(old, 50, false)), items(scaledPlan(old, 50, true)));
    const activities = changes.filter((c) => c.kind === 'aktivitet');
    expect(activities.filter((c) => c.status === 'tillagd' || c.status === 'borttagen')).toEqual([]);
    expect(activities).toHaveLength(50 * items(old).filter((i) => i.kind === 'aktivitet').length);
    expect(activities.every((c) => c.pairing === 'likhet' && c.old!.replace('aktivitet:', '') === c.new!.replace('aktivitet:', '').replace('-ny-', '-'))).toBe(
      true,
    );
  });
});

describe('the comparison of the 2020 and 2023 plans, scored against a reader', () => {
  it('finds the real changes a reviewer marked by reading the two published plans side by side', { timeout: 60_000 }, async () => {
    // test/fixtures/changes-2020-2023.json: made by reading ../shared/seeds/ side by side, not from the tool's output.
    const expected = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'changes-2020-2023.json'), 'utf8')) as Array<{
      what: 'added' | 'removed' | 'changed' | 'moved';
      old: string | null;
      new: string | null;
      fields?: string[];
      note: string;
    }>;
    const report = diffSides(await side('verksamhetsplan-2020@v1'), await side('verksamhetsplan-2023@v2'));
    const statuses = { added: ['tillagd'], removed: ['borttagen'], changed: ['andrad', 'flyttad-och-andrad'], moved: ['flyttad', 'flyttad-och-andrad'] };
    const found = (e: (typeof expected)[number]) =>
      report.changes.some(
        (c) =>
          statuses[e.what].includes(c.status) &&
          (c.old ?? null) === e.old &&
          (c.new ?? null) === e.new &&
          (e.fields ?? []).every((f) => c.fields.some((g) => g.field === f)),
      );
    const missed = expected.filter((e) => !found(e));
    const recall = (expected.length - missed.length) / expected.length;
    // 41 of 43: the two left are rows of the 2020 action plan that a reader pairs with 2023 activities by meaning
    // ("gemensam webbplats" → "uppdatera hemsidan"), sharing no words (docs/decisions.md). Precision is checked by the golden files.
    expect(recall, missed.map((e) => `${e.what} ${e.old} → ${e.new} ${e.fields ?? ''}: ${e.note}`).join('\n')).toBeGreaterThanOrEqual(41 / 43);
  });
});

describe('minutes', () => {
  it('compare what they say of the meeting: time, attendance, justerare, signatures, the next meeting', () => {
    const register = parse(readFileSync(join(defaultSourcesDir, 'register.yaml'), 'utf8')) as Register;
    const file = join(defaultSourcesDir, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
    const v1 = parse(readFileSync(file, 'utf8')) as Minnesanteckningar;
    // A corrected version: one attendee was absent, another justerade, the meeting ended later, the next one moved.
    const v2: Minnesanteckningar = {
      ...structuredClone(v1),
      version: v1.version + 1,
      justerare: 'johan-westin',
      tid: { start: '08:30', slut: '11:30' },
      deltagare: v1.deltagare.filter((d) => d !== 'mats-bergstrom'),
      franvarande: ['mats-bergstrom', ...(v1.franvarande ?? [])],
      nasta_mote: { ...v1.nasta_mote!, datum: '2023-12-14' },
    };
    const changes = compareItems(
      itemsOf(v1, register, () => undefined),
      itemsOf(v2, register, () => undefined),
    );
    const said = Object.fromEntries(
      changes.map((c) => [c.new, c.fields.map((f) => (f.kind === 'text' ? `${f.field}: ${f.old} → ${f.new}`.replaceAll('\u00a0', ' ') : f.field))]),
    );
    expect(said).toEqual({
      'falt:motet': ['tid: Fredag den 27 oktober 2023 kl. 8.30–11.00 → Fredag den 27 oktober 2023 kl. 8.30–11.30'],
      'deltagare:Johan Westin': ['roll: Haninge → Haninge, justerare'],
      'deltagare:Cynthia Runefjärd': ['roll: Tyresö, justerare → Tyresö'],
      'deltagare:Mats Bergström': ['närvaro: närvarande → frånvarande'],
      'falt:underskrifter': [
        'text: Vid anteckningarna: Helene Olofsson\nJusteras: Cynthia Runefjärd → Vid anteckningarna: Helene Olofsson\nJusteras: Johan Westin',
      ],
      'punkt:nasta-mote': [
        expect.stringMatching(/^text: Nästa möte hålls fredag 15 december 2023, .* → Nästa möte hålls torsdag 14 december 2023, /s) as unknown as string,
      ],
    });
  });
});

describe('found in review', () => {
  const register = parse(readFileSync(join(defaultSourcesDir, 'register.yaml'), 'utf8')) as Register;
  const minutes = parse(readFileSync(join(defaultSourcesDir, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml'), 'utf8')) as Minnesanteckningar;
  const items = (data: unknown) => itemsOf(data, register, () => undefined);
  const meeting = (id: string, datum: string): Item => ({
    key: `mote:${id}`,
    kind: 'mote',
    id,
    parent: 'kalendarium:k',
    label: id,
    text: {},
    numbers: {},
    date: datum,
  });
  const calendar: Item = { key: 'kalendarium:k', kind: 'kalendarium', id: 'k', parent: '', label: 'K', text: {}, numbers: {} };

  it("another person in an attendee's place is one out and one in, however alike their lines", () => {
    const replaced = {
      ...structuredClone(minutes),
      deltagare: minutes.deltagare.map((d) => (d === 'johan-westin' ? 'petra-oxonius' : d)),
      franvarande: ['camilla-broo'],
    };
    const changes = compareItems(items(minutes), items(replaced)).filter((c) => c.kind === 'deltagare');
    // Johan Westin is gone; Petra Oxonius, absent before, is there (her line moved from the absent to the present).
    expect(changes.map((c) => [c.status, c.label, c.fields.map((f) => f.field)])).toEqual([
      ['borttagen', 'Johan Westin', []],
      ['flyttad-och-andrad', 'Petra Oxonius', ['närvaro']],
    ]);
  });

  it('a figure still to be filled in is not compared as zero', () => {
    const plan = parse(readFileSync(join(defaultSourcesDir, 'verksamhetsplan', '2023.yaml'), 'utf8')) as Verksamhetsplan;
    const draft = structuredClone(plan);
    for (const b of draft.sektioner.flatMap((s) => s.innehall)) if (b.budget) b.budget.invanare = { antal: { ifylles: 'invånare' }, datum: { ifylles: 'dag' } };
    const numbers = compareItems(items(plan), items(draft)).flatMap((c) => c.fields.filter((f) => f.kind === 'number'));
    expect(numbers).toEqual([]);
  });

  it('meetings of a calendar that keeps its number pair by their place in the year, not in order', () => {
    const old = [calendar, meeting('a', '2023-01-12'), meeting('b', '2023-03-16'), meeting('c', '2023-05-04')];
    const next = [calendar, meeting('x', '2024-03-14'), meeting('y', '2024-05-02'), meeting('z', '2024-12-12')];
    const changes = compareItems(old, next);
    expect(changes.map((c) => [c.status, c.old, c.new])).toEqual([
      ['borttagen', 'mote:a', undefined],
      ['andrad', 'mote:b', 'mote:x'],
      ['andrad', 'mote:c', 'mote:y'],
      ['tillagd', undefined, 'mote:z'],
    ]);
  });

  it('says a move within the year right in a leap year and across New Year', () => {
    expect(shiftInYear('2024-02-29', '2024-03-07', 0)).toBe(7);
    expect(shiftInYear('2023-12-28', '2024-01-04', 0)).toBe(7);
    expect(shiftInYear('2020-04-02', '2023-03-16', 3)).toBe(-17);
    expect(shiftRange([-4, -14])).toBe('4–14 dagar tidigare');
    expect(shiftRange([-7, -14])).toBe('1–2 veckor tidigare');
  });

  it("compares a follow-up's status and a letter's municipality", () => {
    const followed = structuredClone(minutes);
    followed.punkter[0]!.uppfoljning = [{ ansvarig: 'helene-olofsson', uppgift: 'boka datumen', fran: { datum: '2023-09-21' }, status: { ifylles: 'status' } }];
    const done = structuredClone(followed);
    done.punkter[0]!.uppfoljning![0]!.status = 'klart';
    const fields = compareItems(items(followed), items(done)).flatMap((c) => c.fields.map((f) => (f.kind === 'text' ? `${f.field}: ${f.new}` : f.field)));
    expect(fields).toEqual(['uppfoljning: Helene Olofsson – boka datumen – 21\u00a0september 2023 – klart']);
  });

  it("inlines the style sheets' assets in a standalone page, and leaves text from sources alone", () => {
    const page = `<head><meta http-equiv="Content-Security-Policy" content="font-src https://handlingar.invalid"><style>@font-face { src: url(https://handlingar.invalid/assets/fonts/source-sans-3-latin-400-normal.woff2) }</style></head><body><p>url(https://handlingar.invalid/assets/templates/nope.css) url(https://handlingar.invalid/assets/fonts/%)</p></body>`;
    const standalone = standaloneHtml(page);
    expect(standalone).toContain('<style>@font-face { src: url(data:font/woff2;base64,');
    expect(standalone).toContain('content="font-src data:"');
    expect(standalone).toContain('<p>url(https://handlingar.invalid/assets/templates/nope.css) url(https://handlingar.invalid/assets/fonts/%)</p>');
  });
});

describe('word differences', () => {
  it('are word by word, with short unchanged runs folded into the change', async () => {
    expect(compareText('Analysera effektsituationen på Södertörn.', 'Genomföra en analys av effektsituationen på Södertörn.')).toEqual({
      runs: [
        { type: 'removed', text: 'Analysera' },
        { type: 'added', text: 'Genomföra en analys av' },
        { type: 'same', text: ' effektsituationen på Södertörn.' },
      ],
    });
    const folded = compareText('ett två tre fyra fem sex sju åtta nio tio', 'ett TVÅ tre FYRA fem sex sju åtta nio tio');
    expect('runs' in folded && folded.runs.map((r) => r.type)).toEqual(['same', 'removed', 'added', 'same']);
  });

  it('fall back to whole old and new text when the texts are too different, or too large to diff', async () => {
    expect(compareText('Helt annan text här', 'Inget gemensamt alls nu')).toEqual({ whole: { old: 'Helt annan text här', new: 'Inget gemensamt alls nu' } });
    const huge = 'ord '.repeat(60_000);
    expect(compareText(huge, `${huge}slut`)).toHaveProperty('whole');
    // Many scattered edits exceed jsdiff's edit limit: it gives up early instead of hanging.
    const words = Array.from({ length: 20_000 }, (_, i) => `ord${i}`);
    const scattered = words.map((w, i) => (i % 3 === 0 ? `${w}x` : w));
    expect(compareText(words.join(' '), scattered.join(' '))).toHaveProperty('whole');
  });
});
