import { hasErrors, type Message, sortMessages } from '../core/message.ts';
import { dependenciesOf } from '../load/project.ts';
import { type PlannedDocument, planProject } from './plan.ts';

/**
 * Every message about the sources below `sourcesDir` (or those inside
 * `paths`) and every source they depend on (the register, a plan's bilaga
 * files, a tjänsteskrivelse's ärende, the documents one attaches): each
 * file's reading, schema and rules, and what is wrong with a document as a
 * whole (two documents with one file name; what a build would refuse before
 * printing it, with `editionsDir` the archive's refusals too). Sorted, with
 * the files depended on first: a root cause comes before its follow-on errors
 * (and the rules leave out those a broken dependency explains). Files in
 * `buffers` are read from there (an editor's unsaved text). `elsewhere`
 * has, for each file asked about, the errors of the files it depends on that
 * were not asked about (an editor shows them on the file that is open).
 */
export async function validateSources(
  sourcesDir: string,
  paths: readonly string[] = [],
  buffers?: ReadonlyMap<string, string>,
  options: { editionsDir?: string } = {},
): Promise<{ files: number; messages: Message[]; elsewhere: Map<string, Message[]> }> {
  const plan = await planProject(sourcesDir, paths, buffers);
  const selected = [...plan.project.sources.values()].filter(({ source }) => plan.within(source.absolutePath));
  const dependencies = new Map<string, Message[]>();
  const elsewhere = new Map<string, Message[]>();
  const depends = (file: string, dependency: string, messages: Message[]) => {
    if (plan.within(dependency)) return;
    dependencies.set(dependency, messages);
    const errors = messages.filter((m) => m.severity === 'error');
    if (errors.length > 0) elsewhere.set(file, [...(elsewhere.get(file) ?? []), ...errors]);
  };
  for (const { source, type } of selected) {
    const { deps, unreadable } = dependenciesOf(plan.project, source, type);
    for (const dep of deps) depends(source.absolutePath, dep.absolutePath, plan.messagesFor(dep));
    for (const u of unreadable) depends(source.absolutePath, u.absolutePath, u.messages);
  }
  const unreadable = plan.unreadable.filter((u) => plan.within(u.absolutePath));
  const documents = [...plan.documents()];
  // The documents a selected one attaches as bilagor (dokument: vp-2023) are built with it: what stops them stops it.
  for (const { job } of documents.filter((d) => plan.within(d.job.source.absolutePath))) {
    for (const source of job.attached) depends(job.source.absolutePath, source.absolutePath, plan.messagesFor(source));
  }
  // Loaded only when needed: the build's modules are not what validate pays for otherwise.
  const refused = documents.some((d) => d.prepared)
    ? (await import('./build-documents.ts')).refusalsBeforePrinting(documents, { sourcesDir, ...options })
    : new Map();
  // "The attached document could not be built" follows from its own errors, which are reported instead (its sources are among those validated).
  const followsOn = (d: PlannedDocument, m: Message) => m.ruleId === 'bilaga/document-not-built' && d.job.attached.some((s) => hasErrors(plan.messagesFor(s)));
  const own = [
    ...unreadable.flatMap((u) => u.messages),
    ...selected.flatMap(({ source }) => plan.messagesFor(source)),
    ...documents
      .filter((d) => plan.within(d.job.source.absolutePath))
      .flatMap((d) => [...d.documentMessages, ...(refused.get(d) ?? []).filter((m: Message) => !followsOn(d, m))]),
  ];
  // When everything is validated, the files others depend on still come first: the register, then bilaga files and ärenden.
  const depended = new Set(
    [...plan.project.sources.values()].flatMap(({ source, type }) => {
      const { deps, unreadable } = dependenciesOf(plan.project, source, type);
      return [...deps, ...unreadable].map((d) => d.path);
    }),
  );
  const rank = (m: Message) => (m.file !== undefined && depended.has(m.file) ? (/register\.ya?ml$/.test(m.file) ? 0 : 1) : 2);
  const messages = [...sortMessages([...dependencies.values()].flat()), ...sortMessages(own)].sort((a, b) => rank(a) - rank(b));
  return { files: unreadable.length + selected.length + dependencies.size, messages, elsewhere };
}
