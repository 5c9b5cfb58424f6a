import { describe, expect, it } from 'vitest';
import { defaultEditionsDir, listEditions } from '../../pipeline/archive/editions.ts';
import { compareItems } from '../../pipeline/diff/compare.ts';
import { diffSides, type Side, terminalText } from '../../pipeline/diff/diff-report.ts';
import type { Item } from '../../pipeline/diff/items.ts';
import { compareText } from '../../pipeline/diff/words.ts';
import { loadSide } from '../../pipeline/orchestrate/sides.ts';

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
