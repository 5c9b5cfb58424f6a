import { loadProject, selects } from '../load/project.ts';
import { sortMessages, type Message } from '../messages/message.ts';
import { Validation } from './validate-project.ts';

/** Validates every source below `sourcesDir` (or those inside `paths`) without rendering anything. */
export function validateSources(sourcesDir: string, paths: readonly string[] = []): { files: number; messages: Message[] } {
  const project = loadProject(sourcesDir);
  const validation = new Validation(project);
  const wanted = selects(paths);
  const messages = [
    ...project.unreadable.filter((u) => wanted(u.absolutePath)).flatMap((u) => u.messages),
    ...[...project.sources.values()].filter((s) => wanted(s.source.absolutePath)).flatMap((s) => validation.messagesFor(s.source)),
  ];
  const files = project.unreadable.filter((u) => wanted(u.absolutePath)).length
    + [...project.sources.keys()].filter(wanted).length;
  return { files, messages: sortMessages(messages) };
}
