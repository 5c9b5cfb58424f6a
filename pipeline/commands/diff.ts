import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { defaultEditionsDir } from '../archive/editions.ts';
import { formatMessage, type Language } from '../core/message.ts';
import { defaultOutputDir } from '../core/paths.ts';
import { forTerminal } from '../core/text.ts';
import type { Side } from '../diff/diff-report.ts';
import type { Item } from '../diff/items.ts';
import { type CommandModule, noSuchEdition, optionsOf } from './command.ts';

interface DiffOptions {
  format: 'text' | 'json' | 'html' | 'pdf';
  out?: string;
  editions: string;
}

/** `handlingar diff`: compares two editions or sources, in the terminal, as JSON, or as a redline report. */
export const diffCommand: CommandModule = (program, exit) => {
  program
    .command('diff')
    .description('Compare two editions or sources: what was added, removed, changed and moved, word by word, with numbers and dates compared as such.')
    .argument('<old>', 'an edition id (see `handlingar editions`) or a source file')
    .argument('<new>', 'an edition id or a source file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html', 'pdf']).default('text'))
    .option('--out <file>', 'write the report to this file (html and pdf)')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action(async (oldArg: string, newArg: string, _options, command) => {
      exit(await compare(oldArg, newArg, optionsOf<DiffOptions>(command)));
    });
};

/** Loads both sides, compares them and writes the report; returns the exit code. */
async function compare(oldArg: string, newArg: string, options: DiffOptions & { lang: Language }): Promise<number> {
  // Loaded here, so that other commands do not pay for the comparison, the templates and the PDF libraries.
  const [{ loadSide }, { diffSides, terminalText }, { reportView }, { renderHtml }, { writeAtomic }] = await Promise.all([
    import('../orchestrate/sides.ts'),
    import('../diff/diff-report.ts'),
    import('../diff/report-view.ts'),
    import('../render/render-html.ts'),
    import('../publish/write-atomic.ts'),
  ]);
  const editionsDir = resolve(options.editions);
  const sides: Side[] = [];
  for (const argument of [oldArg, newArg]) {
    const loaded = await loadSide(argument, editionsDir);
    if (loaded.missing) throw noSuchEdition(argument, options.editions);
    if (!loaded.side) {
      for (const m of loaded.messages) process.stdout.write(`${formatMessage(m, options.lang)}\n`);
      process.stdout.write(
        forTerminal(options.lang === 'sv' ? `${argument} har fel och kan inte jämföras.\n` : `${argument} has errors and cannot be compared.\n`),
      );
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
  process.stdout.write(forTerminal(terminalText(report)));
  if (options.format === 'text') return 0;
  const view = reportView(report, textOf(before.items), textOf(after.items));
  const html = renderHtml('jamforelse', view);
  const out = options.out ?? join(defaultOutputDir, `jamforelse-${safe(before.name)}--${safe(after.name)}.${options.format}`);
  if (options.format === 'html') {
    await writeAtomic(out, Buffer.from(html));
  } else {
    const { printStandalone } = await import('../orchestrate/print-documents.ts');
    await printStandalone(html, view.meta, out);
  }
  process.stdout.write(forTerminal(`${options.lang === 'sv' ? 'Rapporten' : 'The report'}: ${out}\n`));
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
  return name
    .split('/')
    .pop()!
    .replace(/\.ya?ml$/, '')
    .replace(/[^a-z0-9@-]+/gi, '-');
}
