import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MessageJson } from '../../pipeline/core/message.ts';
import { runCommandLine } from '../helpers/cli.ts';
import { LspClient, type Published } from '../helpers/lsp-client.ts';
import { copyOfSources } from '../helpers/project.ts';

/**
 * `handlingar lsp` driven as an editor drives it: the command started as a
 * process, LSP messages over its stdin and stdout, on real sources copied
 * into a scratch folder. What the editor holds is never saved: the server
 * must read the buffer, not the file.
 */
const clients: LspClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.kill();
});

async function server(sourcesDir: string, ...args: string[]): Promise<LspClient> {
  const client = new LspClient([...args, 'lsp'], sourcesDir);
  clients.push(client);
  await client.initialize();
  return client;
}

/** What `validate --format json` says of `text` saved as `path` in a copy of the sources, as the editor is to show it. */
async function validateSays(path: string, text: string, language: 'sv' | 'en' = 'sv') {
  const copy = copyOfSources();
  const file = copy.write(path, text);
  const { stdout } = await runCommandLine('--lang', language, 'validate', '--format', 'json', file);
  const label = language === 'sv' ? 'Åtgärd' : 'Fix';
  return (JSON.parse(stdout) as MessageJson[]).map((m) => ({
    line: m.line! - 1,
    character: m.column! - 1,
    code: m.ruleId,
    severity: m.severity === 'error' ? 1 : 2,
    message: `${m.message}\n${label}: ${m.fix}`,
  }));
}

const shown = (published: Published) =>
  published.diagnostics.map((d) => ({ line: d.range.start.line, character: d.range.start.character, code: d.code, severity: d.severity, message: d.message }));

/** The text after applying a code action's edits (one file, edits that do not overlap). */
function applied(
  text: string,
  edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>,
) {
  const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).join('\n').length + (p.line > 0 ? 1 : 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

interface Action {
  title: string;
  edit: { changes: Record<string, Array<{ range: Published['diagnostics'][number]['range']; newText: string }>> };
}

const memo = 'tjansteskrivelse/sup-2040/salem.yaml';
const plan = 'verksamhetsplan/2023.yaml';

describe('handlingar lsp', () => {
  it('publishes, from the unsaved text, exactly the messages validate gives for the file, and none once it is put right', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const file = join(scratch.sources, memo);
    const saved = readFileSync(file, 'utf8');
    const typed = saved.replace('kommun: salem', 'kommun: salen').replace('diarienummer:', 'diarienumer:');
    const client = await server(scratch.sources);
    const uri = client.open(file, typed);
    const first = await client.diagnostics(uri, 1);
    expect(first.diagnostics.map((d) => d.code)).toEqual(['schema/unknown-key']);
    expect(shown(first)).toEqual(await validateSays(memo, typed));
    // The key put right, the rules run and find the misspelt municipality.
    const second = saved.replace('kommun: salem', 'kommun: salen');
    client.change(uri, second, 2);
    const rules = await client.diagnostics(uri, 2);
    expect(rules.diagnostics.map((d) => d.code)).toEqual(['ref/unknown-kommun']);
    expect(shown(rules)).toEqual(await validateSays(memo, second));
    expect(rules.diagnostics[0]!.range).toEqual({ start: { line: 6, character: 8 }, end: { line: 6, character: 13 } });
    client.change(uri, saved, 3);
    expect((await client.diagnostics(uri, 3)).diagnostics).toEqual([]);
    // Text that is not YAML at all: the reading's message, as validate gives it.
    const unclosed = saved.replace('forvaltning: { ifylles: Förvaltning }', 'forvaltning: "Förvaltning');
    client.change(uri, unclosed, 4);
    const reading = await client.diagnostics(uri, 4);
    expect(reading.diagnostics.map((d) => d.code)).toEqual(['yaml/unclosed-quote']);
    expect(shown(reading)).toEqual(await validateSays(memo, unclosed));
    expect(readFileSync(file, 'utf8')).toBe(saved);
    expect(await client.stop()).toBe(0);
  });

  it('reads every open file from the editor: an unsaved register changes what a letter is told, until it is closed unsaved', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const client = await server(scratch.sources);
    const letter = client.open(join(scratch.sources, memo), readFileSync(join(scratch.sources, memo), 'utf8'));
    expect((await client.diagnostics(letter, 1)).diagnostics).toEqual([]);
    const registerText = readFileSync(join(scratch.sources, 'register.yaml'), 'utf8');
    const renamed = registerText.replace('{ id: salem,', '{ id: salen,');
    expect(renamed).not.toBe(registerText);
    const told = client.nextDiagnostics(letter);
    const register = client.open(join(scratch.sources, 'register.yaml'), renamed);
    expect((await told).diagnostics.map((d) => [d.code, d.message.split('\n')[0]])).toEqual([
      ['ref/unknown-kommun', 'Det finns ingen kommun med id "salem" i registret. Menade du "salen"?'],
    ]);
    const cleared = client.nextDiagnostics(letter);
    client.notify('textDocument/didClose', { textDocument: { uri: register } });
    expect((await cleared).diagnostics).toEqual([]);
  });

  it('shows, at the top of a letter, its ärende\'s error when the ärende is not open (the root cause), not "no such ärende"', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const arende = 'tjansteskrivelse/sup-2040/arende.yaml';
    scratch.write(arende, readFileSync(join(scratch.sources, arende), 'utf8').replace('forslag: Förslag', 'forslag: "Förslag'));
    const client = await server(scratch.sources);
    const letter = client.open(join(scratch.sources, memo), readFileSync(join(scratch.sources, memo), 'utf8'));
    const published = await client.diagnostics(letter, 1);
    expect(published.diagnostics.map((d) => [d.code, d.range.start, d.message.split('\n')[0]])).toEqual([
      ['yaml/unclosed-quote', { line: 0, character: 0 }, expect.stringMatching(/sup-2040\/arende\.yaml:15:10: Citattecknet som börjar här avslutas aldrig\.$/)],
    ]);
  });

  it('speaks English with --lang en', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const typed = readFileSync(join(scratch.sources, memo), 'utf8').replace('status: utkast', 'status: utkst');
    const client = await server(scratch.sources, '--lang', 'en');
    const uri = client.open(join(scratch.sources, memo), typed);
    const published = await client.diagnostics(uri, 1);
    expect(published.diagnostics[0]!.message).toMatch(/^"utkst" is not allowed/);
    expect(shown(published)).toEqual(await validateSays(memo, typed, 'en'));
  });

  it("offers a message's did-you-mean as a quick fix that puts the source right", { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const file = join(scratch.sources, memo);
    const saved = readFileSync(file, 'utf8');
    const client = await server(scratch.sources);
    let uri = '';
    for (const [version, typed] of [
      [1, saved.replace('diarienummer:', 'diarienumer:')],
      [2, saved.replace('kommun: salem', 'kommun: salen')],
      [3, saved.replace('status: utkast', 'status: "utkst"')],
    ] as const) {
      if (version === 1) uri = client.open(file, typed);
      else client.change(uri, typed, version);
      const [diagnostic] = (await client.diagnostics(uri, version)).diagnostics;
      const actions = await client.request<Action[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic] },
      });
      expect(actions).toHaveLength(1);
      expect(applied(typed, actions[0]!.edit.changes[uri]!)).toBe(version === 3 ? saved.replace('status: utkast', 'status: "utkast"') : saved);
    }
  });

  it('adds annan_veckodag: true where the weekday warning suggests it, in a flow or a block mapping', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const file = join(scratch.sources, plan);
    const saved = readFileSync(file, 'utf8');
    const flow = saved.replace('datum: 2023-11-21, annan_veckodag: true }', 'datum: 2023-11-21 }');
    const block = saved.replace(
      '            - { id: sk-2023-11-21, datum: 2023-11-21, annan_veckodag: true }',
      '            - id: sk-2023-11-21\n              datum: 2023-11-21',
    );
    expect(flow).not.toBe(saved);
    expect(block).not.toBe(saved);
    const client = await server(scratch.sources);
    const uri = client.open(file, flow);
    for (const [version, typed] of [
      [1, flow],
      [2, block],
    ] as const) {
      if (version === 2) client.change(uri, typed, version);
      const warning = (await client.diagnostics(uri, version)).diagnostics.find((d) => d.code === 'calendar/weekday' && d.message.startsWith('2023-11-21'));
      expect(warning?.message).toContain('2023-11-21 är en tisdag');
      const actions = await client.request<Action[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: warning!.range,
        context: { diagnostics: [warning] },
      });
      expect(actions.map((a) => a.title)).toEqual(['Lägg till annan_veckodag: true']);
      const fixed = applied(typed, actions[0]!.edit.changes[uri]!);
      expect(fixed).toBe(version === 1 ? saved : block.replace('datum: 2023-11-21', 'datum: 2023-11-21\n              annan_veckodag: true'));
      client.change(uri, fixed, version + 10);
      // The plan's other weekday warning (2023-09-21) stays; this one is gone.
      const after = (await client.diagnostics(uri, version + 10)).diagnostics.filter((d) => d.code === 'calendar/weekday');
      expect(after.map((d) => d.message.slice(0, 10))).toEqual(['2023-09-21']);
    }
  });

  it('completes register ids from the list the field refers to', { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const register = parse(readFileSync(join(scratch.sources, 'register.yaml'), 'utf8')) as Record<'kommuner' | 'personer' | 'organ', Array<{ id: string }>>;
    const ids = (list: 'kommuner' | 'personer' | 'organ') => register[list].map((e) => e.id).sort();
    const client = await server(scratch.sources);
    const complete = async (uri: string, line: number, character: number) =>
      (await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri }, position: { line, character } }))
        .map((i) => i.label)
        .sort();

    const memoText = readFileSync(join(scratch.sources, memo), 'utf8').replace('kommun: salem', 'kommun: ');
    const memoUri = client.open(join(scratch.sources, memo), memoText);
    const lines = memoText.split('\n');
    const kommun = lines.findIndex((l) => l.startsWith('kommun:'));
    expect(await complete(memoUri, kommun, 'kommun: '.length)).toEqual(ids('kommuner'));
    expect(ids('kommuner')).not.toContain('helene-olofsson');
    const handlaggare = lines.findIndex((l) => l.startsWith('handlaggare:'));
    expect(await complete(memoUri, handlaggare, 'handlaggare: '.length)).toEqual(ids('personer'));
    expect(
      await complete(
        memoUri,
        lines.findIndex((l) => l.startsWith('diarienummer:')),
        'diarienummer: '.length,
      ),
    ).toEqual([]);

    const minutes = 'minnesanteckningar/2023-10-27-ledningsgruppen.yaml';
    const minutesText = readFileSync(join(scratch.sources, minutes), 'utf8');
    const minutesUri = client.open(join(scratch.sources, minutes), minutesText);
    const organ = minutesText.split('\n').findIndex((l) => l.startsWith('organ:'));
    expect(await complete(minutesUri, organ, 'organ: l'.length)).toEqual(ids('organ'));
  });

  it("shows each field's own description, with its examples, on hover", { timeout: 60_000 }, async () => {
    const scratch = copyOfSources();
    const text = readFileSync(join(scratch.sources, memo), 'utf8');
    const client = await server(scratch.sources);
    const uri = client.open(join(scratch.sources, memo), text);
    const hover = async (key: string) =>
      (
        await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
          textDocument: { uri },
          position: { line: text.split('\n').findIndex((l) => l.startsWith(`${key}:`)), character: 2 },
        })
      )?.contents.value;
    expect(await hover('diarienummer')).toBe('Diarienummer, t.ex. 2023/KS 0063 005.\n\nExempel: `"2023/KS 0063 005"`');
    expect(await hover('kommun')).toBe('Id för kommunen i registret.\n\nExempel: `"tyreso"`');
  });
});
