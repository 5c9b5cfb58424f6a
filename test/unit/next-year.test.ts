import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { copyOfSources } from '../helpers/project.ts';

/** Next year's plan begun as a copy of a real plan: the year raised, the status set back to utkast, nothing else. */
async function copiedForward(file: string, from: number) {
  const scratch = copyOfSources();
  const text = readFileSync(join(scratch.sources, 'verksamhetsplan', file), 'utf8')
    .replace(`ar: ${from}`, `ar: ${from + 1}`)
    .replace(/^id: vp-\d+$/m, `id: vp-${from + 1}`)
    .replace('status: beslutad', 'status: utkast');
  const path = scratch.write(`verksamhetsplan/${from + 1}.yaml`, text);
  const messages = (await validateSources(scratch.sources, [path])).messages;
  return { text, messages };
}

describe("a plan written from last year's", () => {
  it('is flagged where it still carries the decision and names the year before, at each text (2023 → 2024)', async () => {
    const { text, messages } = await copiedForward('2023.yaml', 2023);
    const lines = text.split('\n');
    const decision = messages.filter((m) => m.ruleId === 'plan/draft-with-decision');
    expect(decision.map((m) => [m.severity, lines[m.line! - 1]!.trim()])).toEqual([['error', 'beslut: { organ: samarbetskommitten, datum: 2023-03-16 }']]);
    const stale = messages.filter((m) => m.ruleId === 'plan/previous-year');
    expect(stale.every((m) => m.severity === 'warning')).toBe(true);
    // "Om VP2023", "Verksamhetsplanen för 2023", "Under 2023 kommer inga delmål …", "Genomför Södertörnskonferensen 2023."
    expect(stale.map((m) => lines[m.line! - 1]!.trim().slice(0, 40))).toEqual([
      'rubrik: Om VP2023',
      '- stycke: Verksamhetsplanen för 2023 har',
      '- stycke: 2023 kommer vara ett etablerin',
      'aktivitet: Genomför Södertörnskonferense',
    ]);
    expect(stale[0]!.text.sv.reason).toBe('Texten nämner 2023, som ligger före planens år 2024: den kan vara kvar från förra årets plan.');
  });

  it('works on a plan it was not tuned to (2020 → 2021), and says nothing of a final plan that names earlier years', async () => {
    const { messages } = await copiedForward('2020.yaml', 2020);
    expect(messages.filter((m) => m.ruleId === 'plan/draft-with-decision')).toHaveLength(1);
    expect(messages.filter((m) => m.ruleId === 'plan/previous-year').length).toBeGreaterThan(0);
    const real = (await validateSources(copyOfSources().sources)).messages;
    expect(real.filter((m) => m.ruleId.startsWith('plan/'))).toEqual([]);
  });

  it('may leave the chairs and their election to be filled in while a draft, and not once decided', async () => {
    const scratch = copyOfSources();
    const chairs = (status: string) =>
      readFileSync(join(scratch.sources, 'verksamhetsplan', '2023.yaml'), 'utf8')
        .replace('ar: 2023', 'ar: 2024')
        .replace('id: vp-2023', 'id: vp-2024')
        .replace('status: beslutad', `status: ${status}`)
        .replace(
          'beslut: { organ: samarbetskommitten, datum: 2023-03-16 }\n',
          status === 'utkast' ? '' : 'beslut: { organ: samarbetskommitten, datum: 2024-03-14 }\n',
        )
        .replace('datum: 2023-03-16\n', 'datum: 2024-03-14\n')
        .replace('ordforande: ebba-ostlin', 'ordforande: { ifylles: ordförande 2024 }')
        .replace('valda: 2022-12-13', 'valda: { ifylles: datum för valet }');
    const validate = async (status: string) => {
      const path = scratch.write('verksamhetsplan/2024.yaml', chairs(status));
      return (await validateSources(scratch.sources, [path])).messages.filter((m) => m.severity === 'error').map((m) => m.ruleId);
    };
    expect(await validate('utkast')).toEqual([]);
    expect(await validate('beslutad')).toEqual(['fill-in/final']);
  });

  it('is warned about a meeting on a public holiday, at its date (validate, not only next)', async () => {
    const scratch = copyOfSources();
    const plan = readFileSync(join(scratch.sources, 'verksamhetsplan', '2023.yaml'), 'utf8').replace(
      '{ id: sk-2023-05-04, datum: 2023-05-04 }',
      '{ id: sk-2023-05-18, datum: 2023-05-18 }',
    );
    const path = scratch.write('verksamhetsplan/2023.yaml', plan);
    const [warning, ...more] = (await validateSources(scratch.sources, [path])).messages.filter((m) => m.ruleId === 'calendar/holiday');
    expect(more).toEqual([]);
    expect(warning!.text.sv.reason).toBe('2023-05-18 är Kristi himmelsfärdsdag, en helgdag.');
    expect(plan.split('\n')[warning!.line! - 1]).toContain('2023-05-18');
  });
});
