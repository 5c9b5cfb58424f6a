import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEditionsDir } from '../../pipeline/archive/editions.ts';
import type { Message } from '../../pipeline/core/message.ts';
import { projectRoot } from '../../pipeline/core/paths.ts';
import { build } from '../../pipeline/orchestrate/build.ts';
import { validateSources } from '../../pipeline/orchestrate/validate.ts';
import { BrowserSession } from '../../pipeline/print/browser.ts';
import { copyOfSources } from '../helpers/project.ts';

/**
 * Everything build refuses, validate reports first: every broken fixture
 * (and a few mistakes no single file shows) is built, and each error the
 * build gives a document must be among the messages of validating that
 * document's own file. Printing's own errors (print/…) are not about sources.
 */
const fixturesDir = join(projectRoot, 'test', 'fixtures', 'broken');
const fixtures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const key = (m: Message) => `${m.file}:${m.line}:${m.column} ${m.ruleId}`;

let session: BrowserSession;
beforeAll(async () => {
  session = await BrowserSession.open();
});
afterAll(async () => {
  await session.close();
});

/** Builds what `file` is part of, and for each document, the errors build gave that validating its file did not. */
async function unreported(scratch: ReturnType<typeof copyOfSources>, file: string, editionsDir?: string): Promise<{ built: number; missing: string[] }> {
  const report = await build({
    sourcesDir: scratch.sources,
    outDir: scratch.out,
    paths: [file],
    session: () => Promise.resolve(session),
    archive: false,
    ...(editionsDir && { editionsDir }),
  });
  const missing: string[] = [];
  let built = 0;
  for (const document of report.documents) {
    const errors = document.messages.filter((m) => m.severity === 'error' && !m.ruleId.startsWith('print/'));
    built += errors.length;
    if (errors.length === 0) continue;
    const said = (await validateSources(scratch.sources, [resolve(document.source)], undefined, editionsDir ? { editionsDir } : {})).messages;
    const validated = new Set(said.map(key));
    // "The attached document could not be built" is a follow-on: validate says the attached document's own errors instead.
    const rootCause = said.some((m) => m.severity === 'error' && m.file !== document.source);
    const explained = (m: Message) => validated.has(key(m)) || (m.ruleId === 'bilaga/document-not-built' && rootCause);
    missing.push(...errors.filter((m) => !explained(m)).map((m) => `${document.source}: ${key(m)}`));
  }
  const validated = new Set((await validateSources(scratch.sources, [file])).messages.map(key));
  for (const u of report.unreadable) missing.push(...u.messages.map(key).filter((k) => !validated.has(k)));
  return { built, missing };
}

describe('validate reports everything build refuses', () => {
  it.each(fixtures)('%s', { timeout: 120_000 }, async (name) => {
    const text = readFileSync(join(fixturesDir, name), 'utf8');
    const scratch = copyOfSources();
    const file = scratch.write(/^# path: (.+)$/m.exec(text)![1]!, text);
    const { missing } = await unreported(scratch, file);
    expect(missing).toEqual([]);
  });

  it('an ärende that cannot be parsed, a register that cannot be parsed', { timeout: 120_000 }, async () => {
    for (const [path, change] of [
      ['tjansteskrivelse/sup-2040/arende.yaml', (t: string) => t.replace('forslag: Förslag', 'forslag: "Förslag')],
      ['register.yaml', (t: string) => t.replace('kommuner:', 'kommuner: [')],
    ] as const) {
      const scratch = copyOfSources();
      const file = scratch.write(path, change(readFileSync(join(scratch.sources, path), 'utf8')));
      const { built, missing } = await unreported(scratch, file);
      expect(built, path).toBeGreaterThan(0);
      expect(missing, path).toEqual([]);
    }
  });

  it("a final edition whose source changed: the archive's refusal", { timeout: 120_000 }, async () => {
    const scratch = copyOfSources();
    const editionsDir = join(scratch.dir, 'editions');
    cpSync(defaultEditionsDir, editionsDir, { recursive: true });
    const path = 'minnesanteckningar/2023-10-27-ledningsgruppen.yaml';
    const file = scratch.write(path, readFileSync(join(scratch.sources, path), 'utf8').replace('Huddinge kommunhus', 'Haninge kommunhus'));
    const { built, missing } = await unreported(scratch, file, editionsDir);
    expect(built).toBe(1);
    expect(missing).toEqual([]);
    const messages = (await validateSources(scratch.sources, [file], undefined, { editionsDir })).messages;
    const refusal = messages.find((m) => m.ruleId === 'edition/final-changed')!;
    // Minutes are approved (justerade), not decided: the fix says so (it spoke of a decision, beslut).
    expect(refusal.text.sv.fix).toContain('sätt status: utkast tills den nya versionen är justerad');
    expect(refusal.text.sv.fix).not.toContain('beslut');
  });
});
