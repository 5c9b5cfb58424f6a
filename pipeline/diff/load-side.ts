import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { editionSourcesDir, readEdition } from '../editions/archive.ts';
import { loadProject, planJobs } from '../load/project.ts';
import { hasErrors, type Message } from '../messages/message.ts';
import { Validation } from '../validate/validate-project.ts';
import { itemsOf, type Item } from './items.ts';

/** One side of a comparison: which edition or source it is, and its items. */
export interface Side {
  /** The edition id, or the source's path. */
  name: string;
  title: string;
  status: string;
  version: number;
  date?: string;
  items: Item[];
}

/**
 * Loads an edition ("verksamhetsplan-2023@v2") from the archive, or a source
 * file from its sources folder (the nearest folder above it with a
 * register.yaml). A source with errors cannot be compared: its messages say why.
 */
export function loadSide(argument: string, editionsDir: string): { side?: Side; messages: Message[]; missing?: boolean } {
  const record = argument.includes('@') && !existsSync(argument) ? readEdition(editionsDir, argument) : undefined;
  if (argument.includes('@') && !existsSync(argument) && !record) return { messages: [], missing: true };
  const sourcesDir = record ? editionSourcesDir(editionsDir, argument) : sourcesFolderOf(resolve(argument));
  if (!sourcesDir) return { messages: [], missing: true };
  const main = record ? join(sourcesDir, record.main) : resolve(argument);
  const project = loadProject(sourcesDir);
  const validation = new Validation(project);
  const job = planJobs(project, [main]).find((j) => j.source.absolutePath === main);
  if (!job) return { messages: project.unreadable.flatMap((u) => u.messages), missing: project.unreadable.length === 0 };
  const messages = validation.messagesForJob(job);
  if (hasErrors(messages) || !validation.inputs) return { messages };
  const data = job.source.data as { typ: string; version: number; status: string; datum?: unknown; ar?: number };
  const inputs = validation.inputs;
  const items = itemsOf(data, inputs.register, (fil) => inputs.bilagaFiles.get(resolve(dirname(main), fil)));
  return {
    side: {
      name: record ? record.id : argument,
      title: titleOf(data),
      status: data.status,
      version: data.version,
      ...(typeof data.datum === 'string' && { date: data.datum }),
      items,
    },
    messages,
  };
}

function titleOf(data: { typ: string; ar?: number; datum?: unknown }): string {
  if (data.typ === 'verksamhetsplan') return `Verksamhetsplan och budget ${data.ar}`;
  if (data.typ === 'minnesanteckningar') return `Minnesanteckningar ${String(data.datum)}`;
  return 'Tjänsteskrivelse';
}

function sourcesFolderOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'register.yaml'))) return dir;
  }
  return undefined;
}
