import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Arende, Minnesanteckningar, Tjansteskrivelse, Verksamhetsplan } from '../../pipeline/core/model.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { pageTexts } from '../helpers/pdf.ts';
import { copyOfSources } from '../helpers/project.ts';

/** Errors validation finds in a file of a scratch project. */
async function errorsIn(sources: string, file: string) {
  return (await validateSources(sources, [file])).messages.filter((m) => m.severity === 'error');
}

describe("handlingar next: next year's plan", () => {
  it('from the 2023 plan: a draft that validates, meetings on the same weekday and week, what must be renewed left to fill in', {
    timeout: 300_000,
  }, async () => {
    const { sources, out } = copyOfSources();
    const from = join(sources, 'verksamhetsplan', '2023.yaml');
    const made = await runCommandLine('next', from, '--datum', '2023-11-20');
    expect(made.code).toBe(0);
    const file = join(sources, 'verksamhetsplan', '2024.yaml');
    expect(made.stdout).toMatch(/^Skrev .*verksamhetsplan\/2024\.yaml\.\n/);
    expect(made.stdout).toContain('6 fält att fylla i');
    // What the kansli must rewrite is pointed at: "Under 2023 kommer inga delmål …".
    expect(made.stdout).toMatch(/2024\.yaml:\d+:\d+ {2}varning {2}Texten nämner 2023/);
    expect(await errorsIn(sources, file)).toEqual([]);

    const plan = parse(readFileSync(file, 'utf8')) as Verksamhetsplan;
    expect([plan.ar, plan.id, plan.status, plan.version, plan.datum, plan.beslut]).toEqual([2024, 'vp-2024', 'utkast', 1, '2023-11-20', undefined]);
    const calendar = plan.sektioner.flatMap((s) => s.innehall.flatMap((b) => (b.kalendarium ? [b.kalendarium] : [])));
    expect(calendar[0]!.rader.map((r) => [r.id, r.datum])).toEqual([
      ['samarbetskommitten-1', '2024-01-11'],
      ['samarbetskommitten-2', '2024-03-14'],
      ['samarbetskommitten-3', '2024-05-02'],
      ['samarbetskommitten-4', '2024-08-15'],
      ['samarbetskommitten-5', '2024-10-10'],
      ['samarbetskommitten-6', '2024-11-19'],
    ]);
    // Every meeting on the weekday it had.
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const old = parse(readFileSync(from, 'utf8')) as Verksamhetsplan;
    const oldCalendar = old.sektioner.flatMap((s) => s.innehall.flatMap((b) => (b.kalendarium ? [b.kalendarium] : [])));
    expect(calendar.flatMap((k) => k.rader.map((r) => weekday(r.datum)))).toEqual(oldCalendar.flatMap((k) => k.rader.map((r) => weekday(r.datum))));
    const budget = plan.sektioner.flatMap((s) => s.innehall.flatMap((b) => (b.budget ? [b.budget] : [])))[0]!;
    expect(budget.invanare).toEqual({ antal: { ifylles: 'invånare på Södertörn den 31 december 2023' }, datum: { ifylles: 'dagen invånarna räknades' } });

    // Built, the draft says what is to be filled in, the sums included.
    const built = await runCommandLine('build', '--sources', sources, '--out', out, '--no-archive', file);
    expect(built.code).toBe(0);
    const text = (await pageTexts(join(out, 'verksamhetsplan-2024.pdf'))).join(' ');
    expect(text).toContain('Ordförande i samarbetskommittén 2024 är [Fylls i: ordförande 2024]');
    expect(text).toMatch(/Summa intäkter \[Fylls i: räknas ut\]/);
    expect(text).toContain('UTKAST');

    // Never over an existing file.
    const again = await runCommandLine('next', from);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('[scaffold/exists]');
  });

  it('from the 2020 plan, which it was not tuned to: 2021 validates too', async () => {
    const { sources } = copyOfSources();
    const made = await runCommandLine('--lang', 'en', 'next', join(sources, 'verksamhetsplan', '2020.yaml'), '--datum', '2020-11-20');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^Wrote .*verksamhetsplan\/2021\.yaml\.\n/);
    expect(await errorsIn(sources, join(sources, 'verksamhetsplan', '2021.yaml'))).toEqual([]);
  });
});

describe("handlingar next: the next meeting's minutes", () => {
  it('date, time and place from the calendar, last attendees, and every open assignment followed up with where it came from', {
    timeout: 300_000,
  }, async () => {
    const { sources, out } = copyOfSources();
    const from = join(sources, 'minnesanteckningar', '2023-10-27-ledningsgruppen.yaml');
    const made = await runCommandLine('next', from);
    expect(made.code).toBe(0);
    const file = join(sources, 'minnesanteckningar', '2023-12-15-ledningsgruppen.yaml');
    expect(await errorsIn(sources, file)).toEqual([]);
    const m = parse(readFileSync(file, 'utf8')) as Minnesanteckningar;
    expect([m.id, m.datum, m.tid, m.plats, m.status, m.justerare]).toEqual([
      'lg-2023-12-15',
      '2023-12-15',
      { start: '08:30', slut: '11:00' },
      // Where the last meeting said the next one would be held, rather than the calendar's usual place.
      'Folkes i Huddinge Centrum',
      'utkast',
      { ifylles: 'justerare, vald på mötet' },
    ]);
    expect(m.deltagare).toContain('magnus-gyllestad');
    const followUp = m.punkter.find((p) => p.uppfoljning)!.uppfoljning!;
    expect(followUp).toHaveLength(10);
    expect(followUp[0]).toEqual({
      ansvarig: 'helene-olofsson',
      uppgift: 'boka in datumen för ledningsgruppens möten under 2024 i Outlook',
      fran: { datum: '2023-10-27', punkt: '4.1' },
      status: { ifylles: 'pågår, klart eller utgår' },
    });
    expect(followUp.map((f) => f.fran.punkt)).toEqual(['4.1', '4.1', '4.2', '5', '6', '6', '7.1', '7.1', '7.1', '7.1']);

    const built = await runCommandLine('build', '--sources', sources, '--out', out, '--no-archive', file);
    expect(built.code).toBe(0);
    const pages = await pageTexts(join(out, 'minnesanteckningar-ledningsgruppen-2023-12-15.pdf'));
    const text = pages.join(' ');
    expect(text).toContain('3. Uppföljning av uppdrag från tidigare möten Uppdrag Ansvarig Från mötet Status');
    // The items begin on page 1, below the attendees, the follow-up running on over the page (a bug: kept whole, it took the
    // empty items before it to page 2 and left most of page 1 blank).
    expect(pages[0]).toContain('1. Välkommen 2. Val av justerare 3. Uppföljning av uppdrag från tidigare möten Uppdrag Ansvarig Från mötet Status');
    expect(text).toContain('27 oktober 2023, punkt 4.1');
    expect(text).toContain('Justeras [Fylls i: justerare, vald på mötet]');

    // The meeting is held: two assignments are done, one is dropped, the rest go on to the meeting after (its own date and item).
    const held = readFileSync(file, 'utf8')
      .replace('justerare: { ifylles: "justerare, vald på mötet" }', 'justerare: cynthia-runefjard')
      .replace(/status: \{ ifylles: "pågår, klart eller utgår" \}/, 'status: klart')
      .replace(/status: \{ ifylles: "pågår, klart eller utgår" \}/, 'status: klart')
      .replace(/status: \{ ifylles: "pågår, klart eller utgår" \}/, 'status: utgår')
      .replace(/status: \{ ifylles: "pågår, klart eller utgår" \}/, 'status: pågår');
    writeFileSync(file, held);
    // No plan has a later meeting yet: said so, nothing written.
    const none = await runCommandLine('next', file);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('[scaffold/no-next-meeting]');
    expect((await runCommandLine('next', join(sources, 'verksamhetsplan', '2023.yaml'), '--datum', '2023-12-01')).code).toBe(0);
    const after = await runCommandLine('next', file);
    expect(after.code).toBe(0);
    const next = parse(readFileSync(join(sources, 'minnesanteckningar', '2024-02-09-ledningsgruppen.yaml'), 'utf8')) as Minnesanteckningar;
    const carried = next.punkter.find((p) => p.uppfoljning)!.uppfoljning!;
    expect(carried).toHaveLength(7);
    expect(carried[0]!.uppgift).toBe(
      'kontakta ordförande och vice ordförande i Samarbetskommittén och förslå att de beslut som är nödvändiga att fatta före årsskiftet av Samarbetskommittén hanteras via mejl och att årets sista sammanträde i Samarbetskommittén den 21 november därmed föreslås att ställas in.',
    );
    expect(carried.every((f) => f.fran.datum === '2023-10-27')).toBe(true);
    expect(existsSync(join(sources, 'minnesanteckningar', '2024-02-09-ledningsgruppen.yaml'))).toBe(true);
  });
});

describe('handlingar next: a new ärende', () => {
  it("from the plan's ärende: its sections with headings of their own shown as comments to start from, as its other text is (a bug: they were dropped)", async () => {
    const { sources } = copyOfSources();
    const made = await runCommandLine('next', join(sources, 'tjansteskrivelse', 'vp-2023'), '--id', 'vp-2024', '--datum', '2023-12-01');
    expect(made.code).toBe(0);
    const folder = join(sources, 'tjansteskrivelse', 'vp-2024');
    const text = readFileSync(join(folder, 'arende.yaml'), 'utf8');
    expect(text).toContain('#   - rubrik: Uppföljning\n#     stycken:\n#       - Kansliet följer upp verksamhetsplanen');
    expect((parse(text) as Arende).avsnitt).toBeUndefined();
    expect(await errorsIn(sources, folder)).toEqual([]);
  });

  it('from SUP 2040: its text to write, with the earlier one beside it, and a draft for each municipality that says what is left', {
    timeout: 300_000,
  }, async () => {
    const { sources, out, write } = copyOfSources();
    const earlier = join(sources, 'tjansteskrivelse', 'sup-2040');
    // Salem's letter in the earlier ärende was completed: what is Salem's own (its förvaltning, the committee it writes to) is kept.
    const salem = readFileSync(join(earlier, 'salem.yaml'), 'utf8')
      .replace('forvaltning: { ifylles: Förvaltning }', 'forvaltning: Kommunstyrelseförvaltningen')
      .replace('mottagare: { ifylles: Mottagare (utskott eller nämnd) }', 'mottagare: kommunledningsutskottet');
    write('tjansteskrivelse/sup-2040/salem.yaml', salem);
    // Named by one of its letters, as well as by its folder.
    const made = await runCommandLine('next', join(earlier, 'haninge.yaml'), '--id', 'vp-2024', '--datum', '2023-12-01');
    expect(made.code).toBe(0);
    const folder = join(sources, 'tjansteskrivelse', 'vp-2024');
    const names = ['arende', 'botkyrka', 'haninge', 'huddinge', 'nykvarn', 'nynashamn', 'salem', 'sodertalje', 'tyreso'];
    expect([...made.stdout.matchAll(/^Skrev .*vp-2024\/(.+)\.yaml\.$/gm)].map((m) => m[1])).toEqual(names);
    expect(made.stdout).toContain('0 varningar');
    expect(await errorsIn(sources, folder)).toEqual([]);

    const arende = parse(readFileSync(join(folder, 'arende.yaml'), 'utf8')) as Arende;
    expect(arende.id).toBe('vp-2024');
    expect(arende.titel).toEqual({ ifylles: 'ärendets rubrik' });
    expect(arende.program).toBeUndefined();
    expect(arende.forslag).toEqual({ ifylles: 'förslaget till beslut, som en mening' });
    expect(arende.bilagor).toBeUndefined();
    // The earlier text is there to start from, as comments: it is not the new ärende's text.
    expect(readFileSync(join(folder, 'arende.yaml'), 'utf8')).toContain('#   Förslag till {program} godkänns och ersätter motsvarande program');
    const letters = names.slice(1).map((n) => parse(readFileSync(join(folder, `${n}.yaml`), 'utf8')) as Tjansteskrivelse);
    expect(letters.map((l) => [l.arende, l.status, l.version])).toEqual(names.slice(1).map(() => ['vp-2024', 'utkast', 1]));
    expect(letters.find((l) => l.kommun === 'salem')!).toMatchObject({
      forvaltning: 'Kommunstyrelseförvaltningen',
      mottagare: 'kommunledningsutskottet',
      diarienummer: { ifylles: 'diarienummer' },
      handlaggare: { ifylles: 'handläggare (namn, titel, telefon, e-post)' },
    });
    expect(letters.find((l) => l.kommun === 'botkyrka')!.forvaltning).toEqual({ ifylles: 'förvaltning' });
    // People are named by their id in the register: the file says so where they are to be written.
    expect(readFileSync(join(folder, 'botkyrka.yaml'), 'utf8')).toMatch(/# Id i registret \(sources\/register\.yaml\).*\nhandlaggare:/);

    const built = await runCommandLine('build', '--sources', sources, '--out', out, '--no-archive', folder);
    expect(built.code).toBe(0);
    // Each field once, though every letter prints the ärende's: the count next gave.
    const toFill = /(\d+) fält att fylla i/.exec(made.stdout)![1];
    expect(built.stdout).toContain(`Byggde 8 av 8 dokument, ${toFill} fält kvar att fylla i (i 8 utkast)`);
    const text = (await pageTexts(join(out, 'tjansteskrivelse-vp-2024-salem.pdf'))).join(' ');
    expect(text).toContain('UTKAST');
    expect(text).toContain('[Fylls i: ärendets rubrik]');
    expect(text).toContain(
      'Kommunstyrelseförvaltningen föreslår att kommunledningsutskottet föreslår att kommunstyrelsen beslutar att [Fylls i: förslaget till beslut',
    );
    expect(text).not.toContain('SUP 2040');
    expect(text).not.toContain('utvecklingsprogram');

    // Never over an existing ärende.
    const again = await runCommandLine('next', earlier, '--id', 'vp-2024');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('[scaffold/exists]');
    expect(existsSync(join(folder, 'arende.yaml'))).toBe(true);
  });
});
