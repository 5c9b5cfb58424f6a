import { join } from 'node:path';
import { formatMessage } from '../messages/message.ts';
import { defaultOutputDir } from '../paths.ts';
import { writeAtomic } from '../publish/write-atomic.ts';
import { renderHtml } from '../render/render-html.ts';
import { diffSides, terminalText } from './diff-report.ts';
import type { Item } from './items.ts';
import { loadSide, type Side } from './load-side.ts';
import { reportView } from './report-view.ts';

/** `handlingar diff`: loads both sides, compares them and writes the report; returns the exit code. */
export async function compareEditions(
  oldArg: string, newArg: string, options: { format: string; out?: string; editionsDir: string },
): Promise<number> {
  if (!['text', 'json', 'html', 'pdf'].includes(options.format)) throw new Error(`unknown --format "${options.format}" (use text, json, html or pdf)`);
  const sides: Side[] = [];
  for (const argument of [oldArg, newArg]) {
    const loaded = loadSide(argument, options.editionsDir);
    if (loaded.missing) throw new Error(`"${argument}" is neither an archived edition nor a source file (\`handlingar editions\` lists the editions)`);
    if (!loaded.side) {
      for (const m of loaded.messages) process.stdout.write(`${formatMessage(m)}\n`);
      process.stdout.write(`${argument} har fel och kan inte jämföras.\n`);
      return 1;
    }
    sides.push(loaded.side);
  }
  const [before, after] = sides as [Side, Side];
  const report = diffSides(before, after);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(terminalText(report));
  if (options.format === 'text') return 0;
  const html = renderHtml('jamforelse', reportView(report, textOf(before.items), textOf(after.items)));
  const out = options.out ?? join(defaultOutputDir, `jamforelse-${safe(before.name)}--${safe(after.name)}.${options.format}`);
  if (options.format === 'html') {
    await writeAtomic(out, Buffer.from(html));
  } else {
    const { BrowserSession } = await import('../print/browser.ts');
    const { printDocument } = await import('../print/print-document.ts');
    const session = await BrowserSession.open();
    try {
      const view = reportView(report, textOf(before.items), textOf(after.items));
      await writeAtomic(out, (await printDocument(await session.newPage(), () => html, view.meta, [])).pdf);
    } finally {
      await session.close();
    }
  }
  process.stdout.write(`Rapporten: ${out}\n`);
  return 0;
}

/** The full text of an item by key, for added and removed items shown whole. */
function textOf(items: readonly Item[]): (key: string) => string | undefined {
  const byKey = new Map(items.map((i) => [i.key, i]));
  return (key) => {
    const item = byKey.get(key);
    return item && [...new Set([item.label, ...Object.values(item.text)])].join('\n');
  };
}

function safe(name: string): string {
  return name.split('/').pop()!.replace(/\.ya?ml$/, '').replace(/[^a-z0-9@-]+/gi, '-');
}
