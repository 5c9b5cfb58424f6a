import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import type { Kalendarium, KalenderRad, Register, Verksamhetsplan } from '../../pipeline/core/model.ts';
import { defaultSourcesDir } from '../../pipeline/core/paths.ts';
import { loadProject } from '../../pipeline/load/project.ts';
import { type Companions, writeCompanions } from '../../pipeline/orchestrate/companions.ts';
import { type PlannedDocument, planProject } from '../../pipeline/orchestrate/plan.ts';
import type { DocumentToPrint } from '../../pipeline/orchestrate/print-documents.ts';
import { copyOfSources } from '../helpers/project.ts';
import { scratchDir } from '../helpers/scratch.ts';

/**
 * A plan's calendars as iCalendar files, written by the real functions from
 * the real sources, read back with another library than the one that wrote
 * them (node-ical), and held against the plan's YAML meeting by meeting.
 */

const project = loadProject(defaultSourcesDir);
const data = <T>(path: string) => project.sources.get(join(defaultSourcesDir, path))!.source.data as T;
const register = data<Register>('register.yaml');

/** The plan of `year` in `sourcesDir`, planned as a build plans it. */
async function planned(year: number, sourcesDir = defaultSourcesDir): Promise<PlannedDocument> {
  const file = join(sourcesDir, 'verksamhetsplan', `${year}.yaml`);
  const plan = await planProject(sourcesDir, [file]);
  // The letters that attach the plan are planned with it.
  const document = [...plan.documents()].find((d) => d.job.source.absolutePath === file);
  expect(document!.prepared, document!.messages.map((m) => m.text.en.reason).join('\n')).toBeDefined();
  return document!;
}

/** Writes the plan's calendars into `outDir`: what was written, and what was said. */
async function write(document: PlannedDocument, outDir: string): Promise<Companions> {
  const pdf = { kind: 'verksamhetsplan', source: document.job.source.path, output: join(outDir, document.prepared!.fileName) } as DocumentToPrint;
  return writeCompanions(document, pdf, outDir, false);
}

/** The events of a file, by UID, as node-ical reads them. */
function eventsIn(file: string): Map<string, VEvent> {
  const parsed = ical.sync.parseICS(readFileSync(file, 'utf8'));
  return new Map(Object.values(parsed).flatMap((c) => (c?.type === 'VEVENT' ? [[c.uid, c] as const] : [])));
}

/** An instant as a wall clock in Stockholm reads it: "2023-06-09 08:30". */
function inStockholm(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** A date-only value as node-ical gives it (midnight, local time): "2023-05-16". */
function day(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The calendars of a plan's YAML, with the body (or own id) each is filed under and the heading the PDF prints. */
function calendarsOf(plan: Verksamhetsplan): Array<{ key: string; title: string; k: Kalendarium }> {
  return plan.sektioner.flatMap((s) =>
    s.innehall.flatMap((b) => {
      const k = b.kalendarium;
      if (!k) return [];
      const body = register.organ.find((o) => o.id === k.organ);
      return [{ key: k.organ ?? k.id, title: k.rubrik ?? body!.namn.charAt(0).toUpperCase() + body!.namn.slice(1), k }];
    }),
  );
}

/** What the plan says of one meeting, checked against the event read back. */
function expectMeeting(event: VEvent | undefined, row: KalenderRad, k: Kalendarium, title: string, year: number): void {
  expect(event, row.id).toBeDefined();
  expect(event!.uid).toBe(`${row.id}@verksamhetsplan-${year}.handlingar.sodertorn`);
  expect(event!.summary).toBe(row.installt ? `${title} (inställt)` : title);
  expect(event!.status).toBe(row.installt ? 'CANCELLED' : 'CONFIRMED');
  expect(event!.location).toBe(row.plats ?? k.plats);
  expect(event!.description).toBe(row.notering);
  if (k.tid && !row.till) {
    expect(event!.start.tz).toBe('Europe/Stockholm');
    expect(inStockholm(event!.start)).toBe(`${row.datum} ${k.tid.start}`);
    expect(inStockholm(event!.end!)).toBe(`${row.datum} ${k.tid.slut}`);
  } else {
    expect(event!.datetype).toBe('date');
    expect(day(event!.start)).toBe(row.datum);
    // The day after the last: DTEND of an all-day event is exclusive.
    const last = new Date(`${row.till ?? row.datum}T12:00:00Z`);
    last.setUTCDate(last.getUTCDate() + 1);
    expect(day(event!.end!)).toBe(last.toISOString().slice(0, 10));
  }
}

describe.each([2023, 2020])('the calendars of the %i plan', (year) => {
  const plan = data<Verksamhetsplan>(`verksamhetsplan/${year}.yaml`);
  const calendars = calendarsOf(plan);

  it('are one file per body and one for all, beside the PDF, each meeting as the plan says', async () => {
    const out = scratchDir();
    const { files, messages } = await write(await planned(year), out);
    expect(messages).toEqual([]);
    const names = [...calendars.map((c) => `verksamhetsplan-${year}-${c.key}.ics`), `verksamhetsplan-${year}.ics`];
    expect(files).toEqual(names.map((n) => join(out, n)));
    expect(readdirSync(out).sort()).toEqual([...names].sort());
    const everyone = eventsIn(join(out, `verksamhetsplan-${year}.ics`));
    for (const { key, title, k } of calendars) {
      const own = eventsIn(join(out, `verksamhetsplan-${year}-${key}.ics`));
      expect(own.size, key).toBe(k.rader.length);
      for (const row of k.rader) {
        expectMeeting(own.get(`${row.id}@verksamhetsplan-${year}.handlingar.sodertorn`), row, k, title, year);
        expectMeeting(everyone.get(`${row.id}@verksamhetsplan-${year}.handlingar.sodertorn`), row, k, title, year);
      }
    }
    expect(everyone.size).toBe(calendars.reduce((n, c) => n + c.k.rader.length, 0));
  });

  it('are files a calendar program takes: CRLF lines of at most 75 bytes, Stockholm’s time zone, a published calendar', async () => {
    const out = scratchDir();
    const { files } = await write(await planned(year), out);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('BEGIN:VCALENDAR\r\n') && text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      const lines = text.slice(0, -2).split('\r\n');
      for (const line of lines) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
      expect(lines).toContain('METHOD:PUBLISH');
      expect(lines).toContain('VERSION:2.0');
      const zones = Object.values(ical.sync.parseICS(text)).flatMap((c) => (c?.type === 'VTIMEZONE' ? [c.tzid] : []));
      expect(zones).toEqual(['Europe/Stockholm']);
      const section = text.slice(text.indexOf('BEGIN:VTIMEZONE'), text.indexOf('END:VTIMEZONE'));
      expect(section).toMatch(/BEGIN:DAYLIGHT\r\nTZNAME:CEST\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200\r\n.*RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU/s);
      expect(section).toMatch(/BEGIN:STANDARD\r\nTZNAME:CET\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\n.*RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU/s);
      // The plan's date is every event's DTSTAMP, its version the SEQUENCE: nothing of the build's own time.
      for (const event of eventsIn(file).values()) {
        expect(event.dtstamp.toISOString()).toBe(`${plan.datum}T00:00:00.000Z`);
        expect(Number(event.sequence)).toBe(plan.version);
      }
    }
  });
});

describe('the calendars of the 2023 plan', () => {
  it('put a summer meeting at UTC+2 and a winter one at UTC+1', async () => {
    const out = scratchDir();
    await write(await planned(2023), out);
    const events = eventsIn(join(out, 'verksamhetsplan-2023-ledningsgruppen.ics'));
    expect(events.get('lg-2023-06-09@verksamhetsplan-2023.handlingar.sodertorn')!.start.toISOString()).toBe('2023-06-09T06:30:00.000Z');
    expect(events.get('lg-2023-12-15@verksamhetsplan-2023.handlingar.sodertorn')!.start.toISOString()).toBe('2023-12-15T07:30:00.000Z');
    const committee = eventsIn(join(out, 'verksamhetsplan-2023-samarbetskommitten.ics'));
    expect(committee.get('sk-2023-01-12@verksamhetsplan-2023.handlingar.sodertorn')!.end!.toISOString()).toBe('2023-01-12T14:00:00.000Z');
  });

  it('are the same bytes when written again, from another copy of the sources, and a file already right is left alone', async () => {
    const out = scratchDir();
    const first = await write(await planned(2023), out);
    const bytes = first.files.map((f) => readFileSync(f));
    const times = first.files.map((f) => statSync(f).mtimeMs);
    const again = await write(await planned(2023), out);
    expect(again.files).toEqual(first.files);
    expect(again.files.map((f) => statSync(f).mtimeMs)).toEqual(times);
    const elsewhere = scratchDir();
    const copy = await write(await planned(2023, copyOfSources().sources), elsewhere);
    expect(copy.files.map((f) => readFileSync(f))).toEqual(bytes);
  });

  it('keep hostile text from a source as text: no property and no event can be slipped in', async () => {
    const scratch = copyOfSources();
    const hostile = 'Möte; rum 3, plan 2 \\\\ kod\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:inskjutet\\r\\nSTATUS:CANCELLED\\a';
    const file = 'verksamhetsplan/2023.yaml';
    const yaml = readFileSync(join(scratch.sources, file), 'utf8').replace(
      '{ id: sk-2023-01-12, datum: 2023-01-12, notering: Planeringskonferens }',
      `{ id: sk-2023-01-12, datum: 2023-01-12, notering: "${hostile}", plats: "${hostile}" }`,
    );
    scratch.write(file, yaml);
    const out = scratchDir();
    const { files, messages } = await write(await planned(2023, scratch.sources), out);
    expect(messages).toEqual([]);
    // What the YAML string says, less the control characters (carriage return, bell) that no output keeps.
    const meant = 'Möte; rum 3, plan 2 \\ kod\nEND:VEVENT\nBEGIN:VEVENT\nUID:inskjutet\nSTATUS:CANCELLED';
    for (const f of files.filter((f) => /(samarbetskommitten|2023)\.ics$/.test(f))) {
      const events = eventsIn(f);
      expect([...events.keys()]).not.toContain('inskjutet');
      const meeting = events.get('sk-2023-01-12@verksamhetsplan-2023.handlingar.sodertorn')!;
      expect(meeting.description).toBe(meant);
      expect(meeting.location).toBe(meant);
      expect(meeting.status).toBe('CONFIRMED');
      // Unfolded: a long line goes on after CRLF and a space.
      const text = readFileSync(f, 'utf8').replace(/\r\n /g, '');
      expect(text.match(/^BEGIN:VEVENT\r$/gm)!.length).toBe(events.size);
      expect(text).toContain('DESCRIPTION:Möte\\; rum 3\\, plan 2 \\\\ kod\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:inskjutet\\nSTATUS:CANCELLED');
    }
    expect(eventsIn(join(out, 'verksamhetsplan-2023-samarbetskommitten.ics')).size).toBe(6);
  });

  it('says which file could not be written, as a message on the plan, and writes the others', async () => {
    const out = scratchDir();
    mkdirSync(join(out, 'verksamhetsplan-2023-ledningsgruppen.ics', 'in-the-way'), { recursive: true });
    const document = await planned(2023);
    const { files, messages } = await write(document, out);
    expect(messages.map((m) => [m.ruleId, m.severity, m.file])).toEqual([['output/companion-write-failed', 'error', document.job.source.path]]);
    expect(messages[0]!.text.sv.reason).toContain('verksamhetsplan-2023-ledningsgruppen.ics');
    expect(files.map((f) => f.split('/').pop())).toEqual([
      'verksamhetsplan-2023-samarbetskommitten.ics',
      'verksamhetsplan-2023-sodertornskonferensen.ics',
      'verksamhetsplan-2023.ics',
    ]);
  });
});
