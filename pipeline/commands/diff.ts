import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { defaultEditionsDir } from '../archive/editions.ts';
import { createMessage, defineRule, formatMessage, type Language, messageError } from '../core/message.ts';
import { defaultOutputDir } from '../core/paths.ts';
import { forTerminal } from '../core/text.ts';
import { type CommandModule, noSuchEdition, optionsOf } from './command.ts';

const kindNames: Record<string, { sv: string; en: string }> = {
  verksamhetsplan: { sv: 'en verksamhetsplan', en: 'a plan' },
  minnesanteckningar: { sv: 'minnesanteckningar', en: 'minutes' },
  tjansteskrivelse: { sv: 'en tjänsteskrivelse', en: 'a tjänsteskrivelse' },
};
const differentKinds = defineRule<{ old: string; new: string; oldKind: string; newKind: string }>('diff/different-kinds', 'error', {
  sv: (p) => ({
    reason: `${p.old} är ${kindNames[p.oldKind]?.sv ?? p.oldKind} och ${p.new} ${kindNames[p.newKind]?.sv ?? p.newKind}: olika slags handlingar jämförs inte.`,
    fix: 'Jämför två utgåvor av samma slags handling, t.ex. två års verksamhetsplaner (handlingar editions listar dem).',
  }),
  en: (p) => ({
    reason: `${p.old} is ${kindNames[p.oldKind]?.en ?? p.oldKind} and ${p.new} ${kindNames[p.newKind]?.en ?? p.newKind}: documents of different kinds are not compared.`,
    fix: "Compare two editions of the same kind of document, e.g. two years' plans (handlingar editions lists them).",
  }),
});
const differentSeries = defineRule<{ old: string; new: string; oldSeries: string; newSeries: string; kind: string }>('diff/different-series', 'error', {
  sv: (p) => ({
    reason: `${p.old} och ${p.new} gäller olika ${p.kind === 'minnesanteckningar' ? 'organ' : 'ärenden'} (${p.oldSeries}, ${p.newSeries}) och jämförs inte.`,
    fix: `Jämför två utgåvor i samma ${p.kind === 'minnesanteckningar' ? 'organ' : 'ärende'}.`,
  }),
  en: (p) => ({
    reason: `${p.old} and ${p.new} belong to different ${p.kind === 'minnesanteckningar' ? 'bodies' : 'ärenden'} (${p.oldSeries}, ${p.newSeries}) and are not compared.`,
    fix: `Compare two editions of the same ${p.kind === 'minnesanteckningar' ? 'body' : 'ärende'}.`,
  }),
});
const sideHasErrors = defineRule<{ side: string }>('diff/side-has-errors', 'error', {
  sv: ({ side }) => ({ reason: `${side} har fel (se ovan) och kan inte jämföras.`, fix: 'Rätta felen, eller jämför en arkiverad utgåva.' }),
  en: ({ side }) => ({ reason: `${side} has errors (see above) and cannot be compared.`, fix: 'Fix the errors, or compare an archived edition.' }),
});

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
    .addOption(new Option('--format <format>', 'output format (default: text, or as --out ends: .html, .pdf, .json)').choices(['text', 'json', 'html', 'pdf']))
    .option('--out <file>', 'write the report to this file (html and pdf are written to output/ unless given)')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action(async (oldArg: string, newArg: string, _options, command) => {
      const options = optionsOf<Partial<DiffOptions> & Omit<DiffOptions, 'format'>>(command);
      exit(await compare(oldArg, newArg, { ...options, format: options.format ?? formatOf(options.out) }));
    });
};

/** The format a report written to `out` is in, by the file's ending; text when it names none of the others. */
function formatOf(out: string | undefined): DiffOptions['format'] {
  const ending = out?.toLowerCase().match(/\.(html?|pdf|json)$/)?.[1];
  return ending === 'pdf' || ending === 'json' ? ending : ending ? 'html' : 'text';
}

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
  const loaded = [];
  for (const argument of [oldArg, newArg]) {
    const side = await loadSide(argument, editionsDir);
    if (side.missing) throw noSuchEdition(argument, options.editions);
    if (!side.side) {
      for (const m of [...side.messages, createMessage(sideHasErrors, { side: argument })]) process.stdout.write(`${formatMessage(m, options.lang)}\n`);
      return 1;
    }
    loaded.push({ ...side, side: side.side, document: side.document! });
  }
  const [first, second] = loaded as [(typeof loaded)[number], (typeof loaded)[number]];
  if (first.document.kind !== second.document.kind) {
    throw messageError(differentKinds, { old: oldArg, new: newArg, oldKind: first.document.kind, newKind: second.document.kind });
  }
  if (first.document.series !== second.document.series) {
    throw messageError(differentSeries, {
      old: oldArg,
      new: newArg,
      oldSeries: first.document.series ?? '',
      newSeries: second.document.series ?? '',
      kind: first.document.kind,
    });
  }
  const [before, after] = [first.side, second.side];
  const report = diffSides(before, after);
  const said = (out: string) => process.stdout.write(forTerminal(`${options.lang === 'sv' ? 'Rapporten' : 'The report'}: ${out}\n`));
  if (options.format === 'json' || (options.format === 'text' && options.out)) {
    const text = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : terminalText(report);
    if (!options.out) process.stdout.write(text);
    else {
      await writeAtomic(options.out, Buffer.from(text));
      said(options.out);
    }
    return 0;
  }
  process.stdout.write(forTerminal(terminalText(report)));
  if (options.format === 'text') return 0;
  const view = reportView(report, before.items, after.items);
  const html = renderHtml('jamforelse', view);
  const out = options.out ?? join(defaultOutputDir, `jamforelse-${safe(before.name)}--${safe(after.name)}.${options.format}`);
  if (options.format === 'html') {
    const { standaloneHtml } = await import('../print/standalone-html.ts');
    await writeAtomic(out, Buffer.from(standaloneHtml(html)));
  } else {
    const { printStandalone } = await import('../orchestrate/print-documents.ts');
    await printStandalone(html, view.meta, out);
  }
  said(out);
  return 0;
}

function safe(name: string): string {
  return name
    .split('/')
    .pop()!
    .replace(/\.ya?ml$/, '')
    .replace(/[^a-z0-9@-]+/gi, '-');
}
