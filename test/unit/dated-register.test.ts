import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeOf } from '../../pipeline/core/message.ts';
import { planProject } from '../../pipeline/orchestrate/plan.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { copyOfSources } from '../helpers/project.ts';

/** The real sources, with a register where Magnus Gyllestad went from Haninge to Södertälje on 1 July 2023. */
function movedMidYear(minutesSayHaninge = false) {
  const scratch = copyOfSources();
  const register = readFileSync(join(scratch.sources, 'register.yaml'), 'utf8').replace(
    '  - { id: magnus-gyllestad, namn: Magnus Gyllestad, kommun: haninge }',
    [
      '  - id: magnus-gyllestad',
      '    namn: Magnus Gyllestad',
      '    kommun: haninge',
      '    perioder:',
      '      - { fran: 2023-07-01, kommun: sodertalje, titel: Kommundirektör }',
    ].join('\n'),
  );
  scratch.write('register.yaml', register);
  const minutes = join(scratch.sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
  const said = minutesSayHaninge ? 'haninge' : 'sodertalje';
  scratch.write('minnesanteckningar/2023-10-27-ledningsgruppen.yaml', readFileSync(minutes, 'utf8').replace('kommun: sodertalje }', `kommun: ${said} }`));
  return scratch;
}

/** What each document prints of a person, from its prepared view (as JSON text). */
async function views(sourcesDir: string): Promise<Map<string, string>> {
  const plan = await planProject(sourcesDir);
  return new Map([...plan.documents()].flatMap((d) => (d.prepared ? [[d.prepared.fileName, JSON.stringify(d.prepared.view)]] : [])));
}

describe('a dated register', () => {
  it('resolves each document as of its own date: the March plan says Haninge, the October minutes Södertälje', async () => {
    const scratch = movedMidYear();
    const printed = await views(scratch.sources);
    expect(printed.get('verksamhetsplan-2023.pdf')).toContain('Magnus Gyllestad, Haninge kommun');
    expect(printed.get('minnesanteckningar-ledningsgruppen-2023-10-27.pdf')).toContain(
      '{"namn":"Magnus Gyllestad","var":"Södertälje","anmarkning":"ordförande"}',
    );
    // The minutes state Södertälje, and so did the register on the day: nothing to warn about.
    expect((await validateSources(scratch.sources)).messages.filter((m) => m.ruleId === 'minutes/register-differs')).toEqual([]);
  });

  it('prints what a justerad source says where it disagrees with the register, and warns naming both places', async () => {
    const scratch = movedMidYear(true);
    const printed = await views(scratch.sources);
    expect(printed.get('minnesanteckningar-ledningsgruppen-2023-10-27.pdf')).toContain('{"namn":"Magnus Gyllestad","var":"Haninge","anmarkning":"ordförande"}');
    const [warning, ...more] = (await validateSources(scratch.sources)).messages.filter((m) => m.ruleId === 'minutes/register-differs');
    expect(more).toEqual([]);
    expect(warning!.severity).toBe('warning');
    expect(placeOf(warning!)).toMatch(/minnesanteckningar\/2023-10-27-ledningsgruppen\.yaml:24:\d+$/);
    // The register's place is the period that held on the day.
    expect(warning!.text.sv.reason).toMatch(
      /^Anteckningarna anger Haninge för Magnus Gyllestad, men registret anger Södertälje den 2023-10-27 \(.*register\.yaml:59:\d+\)\. Dokumentet skriver Haninge, som källan säger\.$/,
    );
  });

  it("warns when a letter's handläggare or signatory is another municipality's, as of the letter's date, naming both places", async () => {
    const scratch = copyOfSources();
    const letter = readFileSync(join(scratch.sources, 'tjansteskrivelse', 'sup-2040', 'tyreso.yaml'), 'utf8');
    // Salem's letter written with Tyresö's people; and a register where Elin Waltersson moved to Salem before the letter.
    const salem = scratch.write('tjansteskrivelse/sup-2040/salem.yaml', letter.replace('kommun: tyreso', 'kommun: salem'));
    const register = readFileSync(join(scratch.sources, 'register.yaml'), 'utf8');
    scratch.write(
      'register.yaml',
      register.replace(/( {2}- id: elin-waltersson\n(?: {4}.*\n)*)/, '$1    perioder:\n      - { fran: 2023-01-01, kommun: salem }\n'),
    );
    const warnings = (await validateSources(scratch.sources, [salem])).messages.filter((m) => m.ruleId === 'tjansteskrivelse/other-municipality');
    expect(warnings.map((w) => [placeOf(w).replace(/^.*salem\.yaml/, 'salem.yaml'), w.text.sv.reason.replace(/\(.*register\.yaml/, '(register.yaml')])).toEqual(
      [
        [
          'salem.yaml:11:14',
          expect.stringMatching(/^Tanja Krsic hör enligt registret till Tyresö kommun \(register\.yaml:\d+:\d+\), men tjänsteskrivelsen är Salems kommuns\.$/),
        ],
        ['salem.yaml:17:5', expect.stringMatching(/^Cynthia Runefjärd hör enligt registret till Tyresö kommun \(register\.yaml:60:\d+\)/)],
      ],
    );
  });

  it('refuses periods that overlap or end before they begin, at the period', async () => {
    const scratch = copyOfSources();
    const register = readFileSync(join(scratch.sources, 'register.yaml'), 'utf8').replace(
      '  - { id: johan-westin, namn: Johan Westin, kommun: haninge }',
      [
        '  - id: johan-westin',
        '    namn: Johan Westin',
        '    perioder:',
        '      - { fran: 2020-01-01, till: 2023-12-31, kommun: haninge }',
        '      - { fran: 2023-06-01, kommun: nykvarn }',
        '      - { fran: 2025-01-01, till: 2024-12-31, kommun: salem }',
        '      - { fran: 2026-01-01, kommun: atlantis }',
      ].join('\n'),
    );
    scratch.write('register.yaml', register);
    const messages = (await validateSources(scratch.sources, [join(scratch.sources, 'register.yaml')])).messages;
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['register/period-overlap', 60],
      // The second period never ends, so the third and fourth overlap it too.
      ['register/period-overlap', 61],
      ['register/period-order', 61],
      ['register/period-overlap', 62],
      ['ref/unknown-kommun', 62],
    ]);
    expect(messages[0]!.text.sv.reason).toBe('Perioden överlappar period 1 för Johan Westin: det går inte att avgöra vad som gällde de dagarna.');
  });
});
