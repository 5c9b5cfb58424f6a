import { type Message, sortMessages } from '../core/message.ts';
import { planProject } from './plan.ts';

/**
 * Every message about the sources below `sourcesDir` (or those inside
 * `paths`): each file's reading, schema and rules, and what is wrong with
 * a document as a whole (two documents with one file name); sorted. Files
 * in `buffers` are read from there (an editor's unsaved text).
 */
export async function validateSources(
  sourcesDir: string,
  paths: readonly string[] = [],
  buffers?: ReadonlyMap<string, string>,
): Promise<{ files: number; messages: Message[] }> {
  const plan = await planProject(sourcesDir, paths, buffers);
  const unreadable = plan.unreadable.filter((u) => plan.within(u.absolutePath));
  const sources = [...plan.project.sources.values()].filter(({ source }) => plan.within(source.absolutePath));
  const messages = [
    ...unreadable.flatMap((u) => u.messages),
    ...sources.flatMap(({ source }) => plan.messagesFor(source)),
    ...[...plan.documents()].filter((d) => plan.within(d.job.source.absolutePath)).flatMap((d) => d.documentMessages),
  ];
  return { files: unreadable.length + sources.length, messages: sortMessages(messages) };
}
