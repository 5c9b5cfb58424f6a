import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyOfSources } from './project.ts';

// Sources of joint ärenden for tests: the register's inhabitants, an ärende stating each municipality's fee, and one with its mistakes.

/**
 * Each municipality's share of the fee: the register's inhabitants (made-up
 * test figures, not statistics: the real register has none) on the day each
 * plan counts them. They add up to the plans' totals, 503 200 and 518 269.
 */
const counts: Record<string, [number, number]> = {
  botkyrka: [94_000, 95_000],
  haninge: [92_000, 96_000],
  huddinge: [111_000, 113_000],
  nykvarn: [11_000, 11_500],
  nynashamn: [28_500, 29_000],
  salem: [17_000, 17_000],
  sodertalje: [99_000, 101_000],
  tyreso: [50_700, 55_769],
};

/** A scratch copy of the sources whose register counts each municipality's inhabitants (`change` may alter the counts first). */
export function withInhabitants(change: (c: typeof counts) => typeof counts = (c) => c) {
  const scratch = copyOfSources();
  const given = change(structuredClone(counts));
  const register = readFileSync(join(scratch.sources, 'register.yaml'), 'utf8').replace(
    /^ {2}- \{ id: ([a-z]+), namn: ([^,]+), kommun: ([^}]+) \}$/gm,
    (line, id: string, namn: string, kommun: string) => {
      const c = given[id];
      if (!c) return line;
      const list = [c[0] && `{ antal: ${c[0]}, datum: 2019-12-31 }`, c[1] && `{ antal: ${c[1]}, datum: 2022-12-31 }`].filter(Boolean).join(', ');
      return `  - { id: ${id}, namn: ${namn}, kommun: ${kommun.trim()}${list ? `, invanare: [${list}]` : ''} }`;
    },
  );
  scratch.write('register.yaml', register);
  return scratch;
}

export const arendeFile = 'tjansteskrivelse/vp-2023/arende.yaml';
/** The vp-2023 ärende stating each municipality's fee, from the 2023 plan. */
export const withFee = (text: string) =>
  text
    .replace('titel: Verksamhetsplan', 'plan: vp-2023\ntitel: Verksamhetsplan')
    .replace('"{kommuns} del av avgiften räknas på invånarantalet den 31 december 2022."', '"{kommuns} avgift blir {avgift} för {invanare} invånare."');
/** The 2023 plan; a plan showing each municipality's fee. */
export const planFile = 'verksamhetsplan/2023.yaml';
export const perMunicipality = (text: string) => text.replace(/^( +)invanare: \{ antal: \d+, datum: \d{4}-\d{2}-\d{2} \}$/m, '$&\n$1avgift_per_kommun: true');

/** A scratch copy's vp-2023 ärende and letters with one of each mistake an ärende can have (see joint-arende.test.ts for what each gives). */
export function withMistakes(scratch: ReturnType<typeof copyOfSources>): void {
  const arende = readFileSync(join(scratch.sources, arendeFile), 'utf8')
    .replace('titel: Verksamhetsplan', 'kommuner: [tyreso, salem]\nplan: vp-2099\ntitel: Verksamhetsplan')
    .replace('Kansliet följer upp', 'Kansliet ({kortnamn}, {avgift}) följer upp')
    .replace('    dokument: vp-2023\n', '    pdf: ../../bilagor/sup-2040.pdf\n    dokument: vp-2023\n');
  scratch.write(arendeFile, arende);
  const salem = 'tjansteskrivelse/vp-2023/salem.yaml';
  scratch.write(salem, `${readFileSync(join(scratch.sources, salem), 'utf8')}tidigare_beslut: { ifylles: beslut }\n`);
  const nykvarn = 'tjansteskrivelse/sup-2040/nykvarn.yaml';
  scratch.write(nykvarn, readFileSync(join(scratch.sources, nykvarn), 'utf8').replace(/^tidigare_beslut: .*\n/m, ''));
  const botkyrka = 'tjansteskrivelse/vp-2023/botkyrka.yaml';
  scratch.write(
    botkyrka,
    readFileSync(join(scratch.sources, botkyrka), 'utf8').replace(/ {2}- \{ ifylles: underskrift \(namn och titel\) \}\n/, '  - ebba-ostlin\n'),
  );
}
