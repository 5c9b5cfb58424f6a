import { dirname, join, resolve, sep } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { editionIds } from '../archive/editions.ts';
import { defineRule, type Language, type MessageError, messageError } from '../core/message.ts';
import { defaultSourcesDir, sourcesFolderOf } from '../core/paths.ts';
import { closest } from '../validate/closest.ts';

/**
 * A command of the command line: adds itself to `program`, and tells `exit`
 * its exit code (0 all good, 1 problems in what it checked; a command that
 * cannot run at all throws, and exits with 2).
 */
export type CommandModule = (program: Command, exit: (code: number) => void) => void;

/** The options every command has: the language of what it says (`--lang`, on the program). */
export interface GlobalOptions {
  lang: Language;
}

/** A command's own options together with the program's. */
export function optionsOf<T>(command: Command): T & GlobalOptions {
  return command.optsWithGlobals<T & GlobalOptions>();
}

/** Parses a whole number of at least 1 (`--jobs 4`), refusing anything else with commander's message. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('Expected a whole number of at least 1.');
  return n;
}

/** Parses a number greater than 0 (`--timeout 2.5`). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('Expected a number greater than 0.');
  return n;
}

const noSources = defineRule<{ where: string }>('cli/no-sources', 'error', {
  sv: ({ where }) => ({ reason: `Inga källor hittades i ${where}.`, fix: 'Ange en källfil eller en mapp med källor (.yaml), eller källmappen med --sources.' }),
  en: ({ where }) => ({
    reason: `No sources were found in ${where}.`,
    fix: 'Name a source file or a folder of sources (.yaml), or the sources folder with --sources.',
  }),
});
const outsideSources = defineRule<{ path: string; sourcesDir: string }>('cli/outside-sources', 'error', {
  sv: ({ path, sourcesDir }) => ({
    reason: `${path} ligger inte i källmappen ${sourcesDir}.`,
    fix: 'Ange filer ur en och samma källmapp, eller källmappen med --sources.',
  }),
  en: ({ path, sourcesDir }) => ({
    reason: `${path} is not in the sources folder ${sourcesDir}.`,
    fix: 'Name files of one sources folder, or the sources folder with --sources.',
  }),
});

/** An edition id the archive does not hold (or, for diff, a path that is no source either), with the editions of that document there are. */
const unknownEdition = defineRule<{ id: string; editionsDir: string; known: string[]; same: boolean }>('cli/unknown-edition', 'error', {
  sv: ({ id, editionsDir, known, same }) => ({
    reason: `Det finns ingen utgåva "${id}" i ${editionsDir}, och ingen källfil med det namnet.`,
    fix:
      known.length === 0
        ? 'handlingar editions listar utgåvorna; en källa anges med sin sökväg.'
        : `${same ? 'Utgåvor av samma dokument' : 'Menade du'}: ${known.join(', ')}${same ? '.' : '?'}`,
  }),
  en: ({ id, editionsDir, known, same }) => ({
    reason: `There is no edition "${id}" in ${editionsDir}, and no source file of that name.`,
    fix:
      known.length === 0
        ? 'handlingar editions lists the editions; a source is named by its path.'
        : `${same ? 'Editions of the same document' : 'Did you mean'}: ${known.join(', ')}${same ? '.' : '?'}`,
  }),
});

/** The error for an edition `id` not in the archive, naming the editions of the same document (the part before "@"), or of the one nearest in name. */
export function noSuchEdition(id: string, editionsDir: string): MessageError {
  const document = id.split('@')[0]!;
  const all = editionIds(resolve(editionsDir));
  const documents = [...new Set(all.map((e) => e.split('@')[0]!))];
  // The same document's editions; else those of the document whose name is nearest (a typo, a year off) or that begins so.
  const near = documents.includes(document)
    ? document
    : (closest(document, documents) ?? documents.find((d) => document.length >= 3 && d.startsWith(document)));
  const known = all.filter((e) => e.split('@')[0] === near);
  return messageError(unknownEdition, { id, editionsDir, known, same: near === document });
}

/** The archive of editions a command reads: `--editions` when given, else editions/ beside the sources folder. */
export function editionsDirFor(sourcesDir: string, given?: string): string {
  return resolve(given ?? join(dirname(sourcesDir), 'editions'));
}

/** Throws the message for a command that found no sources where it was told to look. */
export function noSourcesFound(paths: readonly string[], sourcesDir: string): never {
  throw messageError(noSources, { where: paths.length > 0 ? paths.join(', ') : sourcesDir });
}

/**
 * The sources folder a command works in: `--sources` when given; else the
 * folder the named files belong to (the nearest folder above them with a
 * register.yaml), so that `handlingar validate ../other/sources/x.yaml`
 * reads x.yaml with its own register; else sources/ of this project.
 */
export function sourcesDirFor(command: Command, paths: readonly string[]): string {
  const given = command.getOptionValue('sources') as string | undefined;
  if (given !== undefined) return resolve(given);
  if (paths.length === 0) return defaultSourcesDir;
  const inside = (dir: string, path: string) => resolve(path) === dir || resolve(path).startsWith(dir + sep);
  if (paths.every((p) => inside(defaultSourcesDir, p))) return defaultSourcesDir;
  const found = sourcesFolderOf(paths[0]!);
  if (!found) return defaultSourcesDir;
  const stray = paths.find((p) => !inside(found, p));
  if (stray) throw messageError(outsideSources, { path: stray, sourcesDir: found });
  return found;
}
