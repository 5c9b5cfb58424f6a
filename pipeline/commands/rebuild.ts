import { resolve } from 'node:path';
import { defaultEditionsDir } from '../archive/editions.ts';
import { formatMessage, type Language } from '../core/message.ts';
import { forTerminal } from '../core/text.ts';
import type { RebuildResult } from '../orchestrate/rebuild.ts';
import { type CommandModule, noSuchEdition, optionsOf } from './command.ts';

/** `handlingar rebuild`: rebuilds an archived edition from its archived files and compares the PDF with the archived one. */
export const rebuildCommand: CommandModule = (program, exit) => {
  program
    .command('rebuild')
    .description('Rebuild an archived edition from its archived files and check that the PDF is identical to the archived one.')
    .argument('<edition>', 'edition id, e.g. verksamhetsplan-2023@v2 (see `handlingar editions`)')
    .option('--editions <dir>', 'archive of editions', defaultEditionsDir)
    .action(async (id: string, _options, command) => {
      const options = optionsOf<{ editions: string }>(command);
      const { rebuildEdition } = await import('../orchestrate/rebuild.ts');
      const result = await rebuildEdition(resolve(options.editions), id);
      if (!result) throw noSuchEdition(id, options.editions);
      for (const m of result.problems) process.stdout.write(`${formatMessage(m, options.lang)}\n`);
      if (result.said) process.stdout.write(forTerminal(`${result.said}\n`));
      process.stdout.write(forTerminal(`${verdict(id, result, options.lang)}\n`));
      exit(result.identical ? 0 : 1);
    });
};

const changes: Record<Language, Record<RebuildResult['changed'][number], string>> = {
  sv: { templates: 'mallar (templates/)', fonts: 'typsnitt', tool: 'verktygets version' },
  en: { templates: 'templates', fonts: 'fonts', tool: "the tool's version" },
};

function verdict(id: string, result: RebuildResult, language: Language): string {
  const { identical, pdf, record, changed, toolNow, problems, madeWith, chromiumNow } = result;
  const sv = language === 'sv';
  const what = madeWith
    ? ''
    : changed.map((c) => (c === 'tool' ? `${changes[language].tool} (${record.tool.version} → ${toolNow})` : changes[language][c])).join(', ');
  const since = what ? (sv ? ` Ändrat sedan utgåvan byggdes: ${what}.` : ` Changed since the edition was built: ${what}.`) : '';
  const by = madeWith
    ? sv
      ? ` med verktyget från commit ${madeWith.slice(0, 12)}, som gjorde utgåvan,`
      : ` with the tool of commit ${madeWith.slice(0, 12)}, which made the edition,`
    : '';
  const browser = chromiumNote(record.tool.chromium, chromiumNow, sv);
  const n = problems.length;
  if (sv) {
    if (identical) return `✓ ${id}: den ombyggda PDF:en${by} är identisk med arkivets (sha256 ${pdf}).`;
    if (!pdf) return `✗ ${id}: utgåvan kunde inte byggas om${by} ur arkivets filer (se ovan).${since}`;
    if (pdf === record.hashes.pdf)
      return `✗ ${id}: den ombyggda PDF:en är den som edition.json anger (sha256 ${pdf}), men arkivets filer stämmer inte med edition.json (${n} ${n === 1 ? 'avvikelse' : 'avvikelser'}, se ovan).`;
    return `✗ ${id}: den ombyggda PDF:en${by} (sha256 ${pdf}) skiljer sig från arkivets (sha256 ${record.hashes.pdf}).${since}${browser}`;
  }
  if (identical) return `✓ ${id}: the rebuilt PDF${by} is identical to the archived one (sha256 ${pdf}).`;
  if (!pdf) return `✗ ${id}: the edition could not be rebuilt${by} from the archived files (see above).${since}`;
  if (pdf === record.hashes.pdf)
    return `✗ ${id}: the rebuilt PDF is the one edition.json names (sha256 ${pdf}), but the archived files do not match edition.json (${n} ${n === 1 ? 'difference' : 'differences'}, see above).`;
  return `✗ ${id}: the rebuilt PDF${by} (sha256 ${pdf}) differs from the archived one (sha256 ${record.hashes.pdf}).${since}${browser}`;
}

/**
 * A different Chromium lays out differently: said, so that a difference is not taken for one in the document.
 * Compared by version number: a browser service says "HeadlessChrome/156.0.8078.114", the executable
 * "Chromium 156.0.8078.114 built on Debian…".
 */
function chromiumNote(then: string | undefined, now: string | undefined, sv: boolean): string {
  const number = (said: string) => /\d+(?:\.\d+){3}/.exec(said)?.[0] ?? said;
  if (!then || !now || number(then) === number(now)) return '';
  return sv
    ? ` Chromium är en annan nu (${then} → ${now}): skillnaden kan komma därifrån, inte från dokumentet.`
    : ` Chromium is another now (${then} → ${now}): the difference may come from it, not from the document.`;
}
