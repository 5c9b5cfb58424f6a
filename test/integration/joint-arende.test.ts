import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../pipeline/core/message.ts';
import { inlineText } from '../../pipeline/core/placeholders.ts';
import type { TjansteskrivelseView, VerksamhetsplanView } from '../../pipeline/core/view.ts';
import { diffSides } from '../../pipeline/diff/diff-report.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { loadSide } from '../../pipeline/orchestrate/sides.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { arendeFile, perMunicipality, planFile, withFee, withInhabitants, withMistakes } from '../helpers/joint-arende.ts';
import { normalize, pageTexts } from '../helpers/pdf.ts';
import { copyOfSources, preparedDocuments } from '../helpers/project.ts';

const rules = (messages: Message[]) => messages.map((m) => `${(m.file ?? '').split('sources/')[1]}:${m.line} ${m.severity} ${m.ruleId}`);

describe('each municipality’s fee', () => {
  it('is stated in its letter and in the plan, computed from the register, and the plan’s PDF shows it by municipality', { timeout: 300_000 }, async () => {
    const scratch = withInhabitants();
    scratch.write(arendeFile, withFee(readFileSync(join(scratch.sources, arendeFile), 'utf8')));
    scratch.write(planFile, perMunicipality(readFileSync(join(scratch.sources, planFile), 'utf8')));
    const { messages } = await validateSources(scratch.sources);
    expect(messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(messages.map((m) => m.ruleId)).not.toContain('budget/inhabitants-differ');

    const documents = await preparedDocuments(scratch.sources);
    const letter = documents.find((d) => d.fileName === 'tjansteskrivelse-vp-2023-huddinge.pdf')!.view as TjansteskrivelseView;
    const paragraphs = letter.sektioner.flatMap((s) => s.stycken.flatMap((b) => ('text' in b ? [inlineText(b.text)] : [])));
    expect(paragraphs).toContain('Huddinge kommuns avgift blir 452\u00a0000\u00a0kr för 113\u00a0000 invånare.');

    const plan = documents.find((d) => d.fileName === 'verksamhetsplan-2023.pdf')!.view as VerksamhetsplanView;
    const budget = plan.sektioner.flatMap((s) => s.blocks).find((b) => b.budget)!.budget!;
    expect(budget.perKommun!.rader).toHaveLength(8);
    expect(budget.perKommun!.rader.find((r) => r.kommun === 'Tyresö kommun')).toEqual({
      kommun: 'Tyresö kommun',
      invanare: '55\u00a0769',
      avgift: '223\u00a0076\u00a0kr',
    });
    // The shares add up to the plan's fee line, computed from its own total.
    expect(budget.perKommun!.avgift).toBe('2\u00a0073\u00a0076\u00a0kr');
    expect(budget.intakter.find((l) => l.id === 'avgifter')!.belopp).toBe('2\u00a0073\u00a0076\u00a0kr');

    const report = await build({
      sourcesDir: scratch.sources,
      outDir: scratch.out,
      archive: false,
      paths: [join(scratch.sources, planFile), join(scratch.sources, 'tjansteskrivelse/vp-2023/huddinge.yaml')],
    });
    expect(report.documents.map((d) => d.status)).toEqual(['built', 'built']);
    const planText = normalize((await pageTexts(join(scratch.out, 'verksamhetsplan-2023.pdf'))).join(' '));
    expect(planText).toContain(normalize('Kommun Invånare Avgift'));
    expect(planText).toContain(normalize('Huddinge kommun 113 000 452 000 kr'));
    expect(planText).toContain(normalize('Summa 518 269 2 073 076 kr'));
    const letterText = normalize((await pageTexts(join(scratch.out, 'tjansteskrivelse-vp-2023-huddinge.pdf'))).join(' '));
    expect(letterText).toContain(normalize('Huddinge kommuns avgift blir 452 000 kr för 113 000 invånare.'));
  });

  it('is checked against the plan: counts that do not add up are named in both places; a missing count stops the figures that need it', async () => {
    const differ = withInhabitants((c) => ({ ...c, tyreso: [50_700, 55_000] }));
    const warned = (await validateSources(differ.sources)).messages.filter((m) => m.ruleId === 'budget/inhabitants-differ');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.file).toMatch(/verksamhetsplan\/2023\.yaml$/);
    expect(warned[0]!.text.sv.reason).toMatch(
      /^Kommunernas invånare i registret \(\S*sources\/register\.yaml\) blir tillsammans 517\u00a0500 den 2022-12-31, men planen anger 518\u00a0269\.$/,
    );

    const missing = withInhabitants((c) => ({ ...c, salem: [17_000, 0] }));
    missing.write(arendeFile, withFee(readFileSync(join(missing.sources, arendeFile), 'utf8')));
    missing.write(planFile, perMunicipality(readFileSync(join(missing.sources, planFile), 'utf8')));
    const errors = (await validateSources(missing.sources)).messages.filter((m) => m.severity === 'error');
    expect(rules(errors).sort()).toEqual([
      'tjansteskrivelse/vp-2023/salem.yaml:9 error tjansteskrivelse/no-inhabitants',
      'verksamhetsplan/2023.yaml:178 error budget/no-inhabitants',
    ]);
    expect(errors.find((m) => m.ruleId === 'budget/no-inhabitants')!.text.sv.reason).toContain('den 2022-12-31 för Salems kommun');
  });

  it('is compared between two years, municipality by municipality, when the plans print it', async () => {
    const scratch = withInhabitants();
    const compare = async () => {
      const old = await loadSide(join(scratch.sources, 'verksamhetsplan/2020.yaml'), join(scratch.dir, 'editions'));
      const next = await loadSide(join(scratch.sources, planFile), join(scratch.dir, 'editions'));
      return diffSides(old.side!, next.side!).changes.filter((c) => c.kind === 'andel');
    };
    // Plans that do not print each municipality's fee have none to compare, whatever the register counts (a bug: eight were "added").
    expect(await compare()).toEqual([]);
    for (const file of ['verksamhetsplan/2020.yaml', planFile]) scratch.write(file, perMunicipality(readFileSync(join(scratch.sources, file), 'utf8')));
    const changes = await compare();
    // Salem's count, and so its fee, is the same both years.
    expect(changes.map((c) => c.label)).toHaveLength(7);
    expect(changes.map((c) => c.label)).not.toContain('Avgift, Salems kommun');
    const tyreso = changes.find((c) => c.label === 'Avgift, Tyresö kommun')!;
    expect(tyreso.fields).toEqual([
      expect.objectContaining({ field: 'invanare', old: 50_700, new: 55_769 }),
      expect.objectContaining({ field: 'kommunens_avgift', old: 202_800, new: 223_076 }),
    ]);
  });
});

describe('an ärende for any joint matter', () => {
  it('says where a placeholder has nothing to stand for, a letter goes where the ärende does not, or an earlier decision is missing or never printed', async () => {
    const scratch = copyOfSources();
    withMistakes(scratch);
    const { messages } = await validateSources(scratch.sources);
    const ofInterest = messages.filter((m) => !['minutes/register-differs', 'calendar/weekday'].includes(m.ruleId));
    expect(rules(ofInterest).sort()).toEqual(
      [
        'tjansteskrivelse/vp-2023/arende.yaml:11 error arende/unknown-plan',
        'tjansteskrivelse/vp-2023/arende.yaml:26 error arende/placeholder-without-value',
        'tjansteskrivelse/vp-2023/arende.yaml:30 error arende/bilaga-pdf-and-dokument',
        ...['botkyrka', 'haninge', 'huddinge', 'nykvarn', 'nynashamn', 'sodertalje'].map(
          (k) => `tjansteskrivelse/vp-2023/${k}.yaml:9 error tjansteskrivelse/not-addressed`,
        ),
        'tjansteskrivelse/vp-2023/botkyrka.yaml:21 warning tjansteskrivelse/signatory-without-title',
        'tjansteskrivelse/vp-2023/salem.yaml:23 warning tjansteskrivelse/unused-tidigare-beslut',
        'tjansteskrivelse/sup-2040/nykvarn.yaml:6 error tjansteskrivelse/needs-tidigare-beslut',
      ].sort(),
    );
    const placeholder = ofInterest.find((m) => m.ruleId === 'arende/placeholder-without-value')!;
    expect(placeholder.text.sv.reason).toBe('Texten använder {kortnamn}, men ärendet anger inte programmets kortnamn.');
    expect(ofInterest.filter((m) => m.ruleId === 'arende/placeholder-without-value')).toHaveLength(1);
  });

  it('needs a title or a programme, and says so', async () => {
    const scratch = copyOfSources();
    scratch.write(arendeFile, readFileSync(join(scratch.sources, arendeFile), 'utf8').replace(/^titel: .*\n/m, ''));
    const { messages } = await validateSources(scratch.sources, [join(scratch.sources, arendeFile)]);
    // Either will do: one message names both, at the top of the file.
    expect(messages.map((m) => [m.ruleId, m.line, m.text.sv.reason, m.text.en.fix])).toEqual([
      ['schema/required-one-of', 8, 'Filen behöver ett av fälten "titel" eller "program".', 'Add titel: or program: with a value.'],
    ]);
  });
});
