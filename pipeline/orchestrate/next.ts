import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createMessage, defineRule, hasErrors, type Message, messageError } from '../core/message.ts';
import { countFillIns, type Minnesanteckningar, type Verksamhetsplan } from '../core/model.ts';
import { shownPath } from '../core/paths.ts';
import { parseSource, positionOf } from '../load/source-file.ts';
import { nextMinutes } from '../scaffold/next-minutes.ts';
import type { Scaffold } from '../scaffold/next-plan.ts';
import { nextPlan } from '../scaffold/next-plan.ts';
import { planProject } from './plan.ts';
import { validateSources } from './validate.ts';

const unsupported = defineRule<{ file: string }>('scaffold/unsupported', 'error', {
  sv: ({ file }) => ({
    reason: `${file} är inte en verksamhetsplan eller minnesanteckningar, som nästa års plan eller nästa mötes anteckningar kan göras ur.`,
    fix: 'Ange en verksamhetsplan (sources/verksamhetsplan/…) eller minnesanteckningar (sources/minnesanteckningar/…).',
  }),
  en: ({ file }) => ({
    reason: `${file} is not a plan or minutes, from which next year's plan or the next meeting's minutes can be made.`,
    fix: 'Name a plan (sources/verksamhetsplan/…) or minutes (sources/minnesanteckningar/…).',
  }),
});
const invalidSource = defineRule<{ file: string }>('scaffold/invalid-source', 'error', {
  sv: ({ file }) => ({ reason: `${file} har fel (se ovan), så inget görs ur den.`, fix: 'Rätta felen först.' }),
  en: ({ file }) => ({ reason: `${file} has errors (see above), so nothing is made from it.`, fix: 'Fix the errors first.' }),
});
const missing = defineRule<{ file: string }>('scaffold/missing', 'error', {
  sv: ({ file }) => ({ reason: `${file} finns inte.`, fix: 'Ange en befintlig verksamhetsplan eller befintliga minnesanteckningar.' }),
  en: ({ file }) => ({ reason: `${file} does not exist.`, fix: 'Name an existing plan or existing minutes.' }),
});
const exists = defineRule<{ file: string }>('scaffold/exists', 'error', {
  sv: ({ file }) => ({ reason: `${file} finns redan och skrivs inte över.`, fix: 'Ta bort eller byt namn på filen om ett nytt utkast ska göras.' }),
  en: ({ file }) => ({ reason: `${file} already exists and is not overwritten.`, fix: 'Remove or rename the file if a new draft is to be made.' }),
});

/** What `handlingar next` made: the new source, what validation says of it, and how many fields are left to fill in. */
export interface NextResult {
  /** The file written; none when the earlier source has errors (they are the messages). */
  file?: string;
  messages: Message[];
  fillIns: number;
}

/**
 * Makes the next source from `file`: next year's plan from a plan, the next
 * meeting's minutes from minutes. The new file is written beside it (never
 * over an existing one), then validated; what the scaffold did that should
 * be checked (a meeting moved off a holiday) is said at its line.
 */
export async function scaffoldNext(sourcesDir: string, file: string, today: string): Promise<NextResult> {
  const absolute = resolve(file);
  if (!existsSync(absolute)) throw messageError(missing, { file });
  const plan = await planProject(sourcesDir, [absolute]);
  const planned = [...plan.documents()].find((d) => d.job.source.absolutePath === absolute);
  // A source that cannot be read at all says why, as validate would.
  const unreadable = plan.unreadable.find((u) => u.absolutePath === absolute);
  if (unreadable) return { messages: [...unreadable.messages, createMessage(invalidSource, { file })], fillIns: 0 };
  if (!planned || (planned.job.kind !== 'verksamhetsplan' && planned.job.kind !== 'minnesanteckningar')) throw messageError(unsupported, { file });
  if (hasErrors(planned.messages)) {
    return { messages: [...planned.messages.filter((m) => m.severity === 'error'), createMessage(invalidSource, { file })], fillIns: 0 };
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
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw messageError(exists, { file: shownPath(target) });
    throw error;
  }
  const written = parseSource(shownPath(target), target, readFileSync(target)).source!;
  const notes = scaffold.notes.map((note) => note.message(written.path, (path) => positionOf(written, path)));
  const { messages } = await validateSources(sourcesDir, [target]);
  return { file: target, messages: [...notes, ...messages], fillIns: countFillIns(written.data) };
}
