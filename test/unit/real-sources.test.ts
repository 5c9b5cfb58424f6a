import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBudget } from '../../pipeline/core/budget.ts';
import type { Minnesanteckningar, Verksamhetsplan } from '../../pipeline/core/model.ts';
import { defaultSourcesDir, projectRoot } from '../../pipeline/core/paths.ts';
import { loadProject } from '../../pipeline/load/project.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';

const project = loadProject(defaultSourcesDir);
const data = <T>(path: string) => project.sources.get(join(defaultSourcesDir, path))!.source.data as T;
/** The published documents as text (copied from shared/seeds), to check the transcriptions against. */
const seed = (name: string) => readFileSync(join(projectRoot, 'test', 'fixtures', 'seeds', name), 'utf8');

describe('the real sources', () => {
  it("validate with no errors; the warnings are the unmarked Thursday of 21 September 2023 and the minutes' Södertälje for Magnus Gyllestad", async () => {
    const { messages } = await validateSources(defaultSourcesDir);
    expect(messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(messages.map((m) => `${m.file}:${m.line} ${m.ruleId}`)).toEqual([
      expect.stringMatching(/minnesanteckningar\/2023-10-27-ledningsgruppen\.yaml:24 minutes\/register-differs$/),
      expect.stringMatching(/verksamhetsplan\/2023\.yaml:\d+ calendar\/weekday$/),
    ]);
  });

  it('hold every activity and comment of the 2023 plan (seed 000)', () => {
    const plan = data<Verksamhetsplan>('verksamhetsplan/2023.yaml');
    const activities = plan.sektioner.flatMap((s) => s.innehall.flatMap((b) => b.aktiviteter?.rader ?? []));
    expect(activities).toHaveLength(14);
    const text = seed('000_b867a4a8d31a6ec3.txt');
    for (const a of activities) {
      expect(text).toContain(a.aktivitet);
      if (a.kommentar) expect(text).toContain(a.kommentar);
      for (const p of a.punkter ?? []) expect(text).toContain(p);
    }
  });

  it('compute the 2023 budget to 2 073 076 kr on both sides (the published "2 073 976" was a typo)', () => {
    const plan = data<Verksamhetsplan>('verksamhetsplan/2023.yaml');
    const budget = plan.sektioner.flatMap((s) => s.innehall).find((b) => b.budget)!.budget!;
    const computed = computeBudget(budget);
    expect(computed.fee).toBe(4 * 518_269);
    expect(computed.totalIncome).toBe(2_073_076);
    expect(computed.totalCosts).toBe(2_073_076);
  });

  it('hold the 2020 plan in full: kalendarium with cancelled meetings, budget, and all 24 activities of Handlingsplan 2020', () => {
    const plan = data<Verksamhetsplan>('verksamhetsplan/2020.yaml');
    expect(plan.sektioner.map((s) => s.rubrik)).toEqual([
      'Syfte med samarbetskommittén',
      'Förhållningssätt',
      'Fokusområden',
      'Regionala utvecklingsfrågor',
      'Internt samarbete',
      'Arbetsformer',
      'Återkommande konferenser',
      'Kalendarium för möten och konferenser',
      'Budget 2020',
    ]);
    const rows = plan.bilagor![0]!.innehall![0]!.handlingsplan!.rader;
    expect(rows.filter((r) => r.aktivitet)).toHaveLength(24);
    expect(rows.filter((r) => r.delmal && !r.aktivitet)).toHaveLength(2);
    expect(rows.filter((r) => r.rubrik)).toHaveLength(6);
    const calendar = plan.sektioner[7]!.innehall.flatMap((b) => b.kalendarium?.rader ?? []);
    expect(calendar).toHaveLength(15);
    expect(calendar.filter((r) => r.installt).map((r) => r.datum)).toEqual(['2020-01-24', '2020-02-06']);
    const budget = computeBudget(plan.sektioner[8]!.innehall[0]!.budget!);
    expect([budget.totalIncome, budget.totalCosts]).toEqual([2_012_800, 2_012_800]);
    const text = seed('001_e40579386786d78c.txt');
    for (const r of rows) if (r.aktivitet) expect(text).toContain(r.aktivitet);
  });

  it('hold the samarbetsavtal with ten paragraphs and eight signature places', () => {
    const avtal = data<{ innehall: Array<{ avtal?: { paragrafer: unknown[]; underskrifter: unknown[] } }> }>('bilagor/samarbetsavtal-2010.yaml').innehall.find(
      (b) => b.avtal,
    )!.avtal!;
    expect(avtal.paragrafer).toHaveLength(10);
    expect(avtal.underskrifter).toHaveLength(8);
  });

  it('hold every item, decision and assignment of the minutes of 27 October 2023 (seed 002)', () => {
    const m = data<Minnesanteckningar>('minnesanteckningar/2023-10-27-ledningsgruppen.yaml');
    expect(m.punkter).toHaveLength(13);
    const decisions = m.punkter.flatMap((p) => [...(p.beslut ?? []), ...(p.underpunkter ?? []).flatMap((u) => u.beslut ?? [])]);
    expect(decisions).toHaveLength(17);
    const text = seed('002_0fa7ded3749269e4.txt').replace(/\s+/g, ' ');
    for (const d of decisions) if (d.text) expect(text).toContain(d.text);
    expect(m.deltagare).toHaveLength(7);
    expect(m.franvarande).toEqual(['petra-oxonius', 'camilla-broo']);
  });
});
