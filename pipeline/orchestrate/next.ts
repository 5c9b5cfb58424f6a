import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createMessage, defineRule, hasErrors, type Message, messageError } from '../core/message.ts';
import { type Arende, countFillIns, type Minnesanteckningar, type Tjansteskrivelse, type Verksamhetsplan } from '../core/model.ts';
import { shownPath } from '../core/paths.ts';
import { parseSource, positionOf } from '../load/source-file.ts';
import { nextArende } from '../scaffold/next-arende.ts';
import { nextMinutes } from '../scaffold/next-minutes.ts';
import type { Scaffold } from '../scaffold/next-plan.ts';
import { nextPlan } from '../scaffold/next-plan.ts';
import { planProject } from './plan.ts';
import { validateSources } from './validate.ts';

const unsupported = defineRule<{ file: string }>('scaffold/unsupported', 'error', {
  sv: ({ file }) => ({
    reason: `${file} är inte en verksamhetsplan, minnesanteckningar eller ett ärende, som nästa års plan, nästa mötes anteckningar eller ett nytt ärende kan göras ur.`,
    fix: 'Ange en verksamhetsplan (sources/verksamhetsplan/…), minnesanteckningar (sources/minnesanteckningar/…) eller ett ärendes mapp (sources/tjansteskrivelse/…).',
  }),
  en: ({ file }) => ({
    reason: `${file} is not a plan, minutes or an ärende, from which next year's plan, the next meeting's minutes or a new ärende can be made.`,
    fix: "Name a plan (sources/verksamhetsplan/…), minutes (sources/minnesanteckningar/…) or an ärende's folder (sources/tjansteskrivelse/…).",
  }),
});
const needsId = defineRule<{ file: string }>('scaffold/needs-id', 'error', {
  sv: ({ file }) => ({
    reason: `Ett nytt ärende ur ${file} behöver ett eget id.`,
    fix: 'Ange det med --id, t.ex. --id vp-2025 (små bokstäver, siffror och bindestreck); det blir också mappens namn.',
  }),
  en: ({ file }) => ({
    reason: `A new ärende from ${file} needs an id of its own.`,
    fix: "Give it with --id, for example --id vp-2025 (lower-case letters, digits and hyphens); it is also the folder's name.",
  }),
});
const badId = defineRule<{ id: string }>('scaffold/bad-id', 'error', {
  sv: ({ id }) => ({
    reason: `"${id}" kan inte vara ett ärendes id.`,
    fix: 'Ett id har små bokstäver a–z, siffror och bindestreck, t.ex. vp-2025; det blir också mappens namn.',
  }),
  en: ({ id }) => ({
    reason: `"${id}" cannot be an ärende's id.`,
    fix: "An id has lower-case letters a–z, digits and hyphens, for example vp-2025; it is also the folder's name.",
  }),
});
const idOnlyForArende = defineRule<{ file: string }>('scaffold/id-not-used', 'error', {
  sv: ({ file }) => ({
    reason: `--id gäller bara ett nytt ärende; ${file} får sitt id ur året eller mötets datum.`,
    fix: 'Ta bort --id.',
  }),
  en: ({ file }) => ({ reason: `--id is only for a new ärende; ${file} takes its id from the year or the meeting's date.`, fix: 'Leave out --id.' }),
});
const invalidSource = defineRule<{ file: string }>('scaffold/invalid-source', 'error', {
  sv: ({ file }) => ({ reason: `${file} har fel (se ovan), så inget görs ur den.`, fix: 'Rätta felen först.' }),
  en: ({ file }) => ({ reason: `${file} has errors (see above), so nothing is made from it.`, fix: 'Fix the errors first.' }),
});
const missing = defineRule<{ file: string }>('scaffold/missing', 'error', {
  sv: ({ file }) => ({
    reason: `${file} finns inte.`,
    fix: 'Ange en befintlig verksamhetsplan, befintliga minnesanteckningar eller ett befintligt ärendes mapp.',
  }),
  en: ({ file }) => ({ reason: `${file} does not exist.`, fix: "Name an existing plan, existing minutes or an existing ärende's folder." }),
});
const exists = defineRule<{ file: string; folder: boolean }>('scaffold/exists', 'error', {
  sv: ({ file, folder }) => ({
    reason: `${file} finns redan och skrivs inte över.`,
    fix: folder ? 'Välj ett annat --id, eller ta bort eller byt namn på mappen.' : 'Ta bort eller byt namn på filen om ett nytt utkast ska göras.',
  }),
  en: ({ file, folder }) => ({
    reason: `${file} already exists and is not overwritten.`,
    fix: folder ? 'Choose another --id, or remove or rename the folder.' : 'Remove or rename the file if a new draft is to be made.',
  }),
});

/** What `handlingar next` made: the new sources, what validation says of them, and how many fields are left to fill in. */
export interface NextResult {
  /** The files written; none when the earlier source has errors (they are the messages). */
  files: string[];
  messages: Message[];
  fillIns: number;
}

/**
 * Makes the next source from `file`: next year's plan from a plan, the next
 * meeting's minutes from minutes, a new ärende (`id`) from an ärende's
 * folder or one of its files. What is made is written beside it (never over
 * an existing file or folder), then validated; what the scaffold did that
 * should be checked (a meeting moved off a holiday) is said at its line.
 */
export async function scaffoldNext(sourcesDir: string, file: string, today: string, id?: string): Promise<NextResult> {
  const absolute = resolve(file);
  if (!existsSync(absolute)) throw messageError(missing, { file });
  const arendeDir = arendeFolderOf(absolute);
  if (arendeDir) {
    if (id === undefined) throw messageError(needsId, { file });
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw messageError(badId, { id });
    return scaffoldArende(sourcesDir, arendeDir, id, today);
  }
  const plan = await planProject(sourcesDir, [absolute]);
  const planned = [...plan.documents()].find((d) => d.job.source.absolutePath === absolute);
  // A source that cannot be read at all says why, as validate would.
  const unreadable = plan.unreadable.find((u) => u.absolutePath === absolute);
  if (unreadable) return { files: [], messages: [...unreadable.messages, createMessage(invalidSource, { file })], fillIns: 0 };
  if (!planned || (planned.job.kind !== 'verksamhetsplan' && planned.job.kind !== 'minnesanteckningar')) throw messageError(unsupported, { file });
  if (id !== undefined) throw messageError(idOnlyForArende, { file });
  if (hasErrors(planned.messages)) {
    return { files: [], messages: [...planned.messages.filter((m) => m.severity === 'error'), createMessage(invalidSource, { file })], fillIns: 0 };
  }
  const { source } = planned.job;
  let scaffold: Scaffold;
  let target: string;
  if (planned.job.kind === 'verksamhetsplan') {
    const data = source.data as Verksamhetsplan;
    scaffold = nextPlan(source.text, data, today);
    const name = basename(absolute);
    target = join(
      dirname(absolute),
      name.includes(String(data.ar)) ? name.replace(String(data.ar), String(data.ar + 1)) : name.replace(/\.yaml$/, `-${data.ar + 1}.yaml`),
    );
  } else {
    const data = source.data as Minnesanteckningar;
    const plans = [...plan.project.sources.values()].filter((s) => s.type === 'verksamhetsplan').map((s) => s.source.data as Verksamhetsplan);
    const next = nextMinutes(data, plans);
    scaffold = next;
    const name = basename(absolute);
    target = join(dirname(absolute), name.includes(data.datum) ? name.replace(data.datum, next.datum) : name.replace(/\.yaml$/, `-${next.datum}.yaml`));
  }
  try {
    writeFileSync(target, scaffold.text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw messageError(exists, { file: shownPath(target), folder: false });
    throw error;
  }
  const written = parseSource(shownPath(target), target, readFileSync(target)).source!;
  const notes = scaffold.notes.map((note) => note.message(written.path, (path) => positionOf(written, path)));
  const { messages } = await validateSources(sourcesDir, [target]);
  return { files: [target], messages: [...notes, ...messages], fillIns: countFillIns(written.data) };
}

/** The folder of the ärende `path` is or belongs to (the folder itself, its arende.yaml or one of its letters); none for other sources. */
function arendeFolderOf(path: string): string | undefined {
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  const arende = join(folder, 'arende.yaml');
  if (!existsSync(arende)) return undefined;
  // A folder of its own with an arende.yaml, or a file in one that is the ärende or a letter.
  if (folder === path || basename(path) === 'arende.yaml') return folder;
  return /^typ:\s*tjansteskrivelse\s*$/m.test(readFileSync(path, 'utf8')) ? folder : undefined;
}

/**
 * A new ärende beside the earlier one: a folder named by its id, with an
 * arende.yaml to write and a draft for each municipality of the register.
 * The folder is claimed first (it must not exist), and removed again if a
 * file cannot be written.
 */
async function scaffoldArende(sourcesDir: string, folder: string, id: string, today: string): Promise<NextResult> {
  const plan = await planProject(sourcesDir, [folder]);
  const inFolder = [...plan.project.sources.values()].filter((s) => dirname(s.source.absolutePath) === folder);
  const arendeSource = inFolder.find((s) => s.type === 'arende')?.source;
  const broken = [
    ...plan.unreadable.filter((u) => dirname(u.absolutePath) === folder).flatMap((u) => u.messages),
    ...inFolder.flatMap((s) => plan.messagesFor(s.source)).filter((m) => m.severity === 'error'),
  ];
  if (!arendeSource || broken.length > 0 || !plan.shared) {
    return { files: [], messages: [...broken, createMessage(invalidSource, { file: shownPath(join(folder, 'arende.yaml')) })], fillIns: 0 };
  }
  const letters = inFolder.filter((s) => s.type === 'tjansteskrivelse').map((s) => s.source.data as Tjansteskrivelse);
  const scaffold = nextArende(arendeSource.data as Arende, letters, plan.shared.register, id, today);
  const target = join(dirname(folder), id);
  try {
    mkdirSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw messageError(exists, { file: shownPath(target), folder: true });
    throw error;
  }
  const files = scaffold.files.map((f) => join(target, f.name));
  try {
    for (const [i, f] of scaffold.files.entries()) writeFileSync(files[i]!, f.text, { flag: 'wx' });
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  const { messages } = await validateSources(sourcesDir, [target]);
  const fillIns = files.reduce((n, f) => n + countFillIns(parseSource(shownPath(f), f, readFileSync(f)).source?.data), 0);
  return { files, messages, fillIns };
}
