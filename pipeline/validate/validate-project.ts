import { relative } from 'node:path';
import { createMessage, defineRule, hasErrors, type Message } from '../core/message.ts';
import type { Arende, BilagaFil, ProjectDocument, Register, SharedSources, SourceType, Verksamhetsplan } from '../core/model.ts';
import type { PdfProblem } from '../core/pdf.ts';
import type { Job, Project } from '../load/project.ts';
import { type PathSegment, positionOf, type SourceFile } from '../load/source-file.ts';
import { checkRules } from './check-document.ts';
import { MAX_PDF_BYTES, pdfProblem } from './check-pdf-bilaga.ts';
import { checkSchema } from './check-schema.ts';
import { registerIdOf } from './rule-context.ts';

const duplicateRegister = defineRule<{ first: string }>('register/duplicate', 'error', {
  sv: ({ first }) => ({
    reason: `Det finns redan ett register: ${first}. Det får bara finnas ett.`,
    fix: 'Flytta posterna till det första registret och ta bort denna fil.',
  }),
  en: ({ first }) => ({
    reason: `There is already a register: ${first}. There may be only one.`,
    fix: 'Move the entries to the first register and remove this file.',
  }),
});
const missingRegister = defineRule('register/missing', 'error', {
  sv: () => ({
    reason: 'Inget giltigt register hittades (sources/register.yaml), så namn och hänvisningar kan inte kontrolleras.',
    fix: 'Rätta felen i registret, eller lägg till sources/register.yaml med typ: register.',
  }),
  en: () => ({
    reason: 'No valid register was found (sources/register.yaml), so names and references cannot be checked.',
    fix: 'Fix the errors in the register, or add sources/register.yaml with typ: register.',
  }),
});

/** Validates the sources of a project, each once, and remembers the result. */
export class Validation {
  private readonly results = new Map<string, Message[]>();
  private readonly schemaMessages = new Map<string, Message[]>();
  /** The register, bilaga files and ärenden that passed their schemas; none without a valid register. */
  readonly shared: SharedSources | undefined;
  private readonly registerMessages = new Map<string, Message>();
  /** PDF bilagor named by the sources validated so far, not yet opened; with the messages of the source that names each. */
  /** True when a register file exists, valid or not. */
  private readonly registerExists: boolean = false;
  private pdfs: Array<{ file: string; fil: string; path: readonly PathSegment[]; source: SourceFile; messages: Message[] }> = [];

  constructor(private readonly project: Project) {
    // The register is sources/register.yaml; any other file of typ register is a mistake.
    const registers = [...project.sources.values()]
      .filter((s) => s.type === 'register')
      .sort((a, b) => Number(isMain(b.source.absolutePath)) - Number(isMain(a.source.absolutePath)));
    for (const { source, type } of registers) this.schemaMessages.set(source.absolutePath, checkSchema(source, type));
    const valid = registers.filter((r) => this.schemaOk(r.source.absolutePath));
    // The other sources' schemas, with the register at hand: a reference written as a name gets its id offered.
    const idOf = valid[0] ? registerIdOf(valid[0].source.data as Register) : undefined;
    for (const { source, type } of project.sources.values()) {
      if (type !== 'register') this.schemaMessages.set(source.absolutePath, checkSchema(source, type, undefined, idOf));
    }
    for (const extra of registers.slice(1)) {
      this.registerMessages.set(
        extra.source.absolutePath,
        createMessage(
          duplicateRegister,
          { first: relative(project.sourcesDir, registers[0]!.source.absolutePath) },
          { file: extra.source.path, line: 1, column: 1 },
        ),
      );
    }
    // A register that exists but is broken is the root cause: its own messages say so, not "no register" on every other file.
    this.registerExists = registers.length > 0 || project.unreadable.some((u) => u.declaredType === 'register' || isMain(u.absolutePath));
    if (valid.length === 0) return;
    const of = (type: SourceType) => [...project.sources.values()].filter((s) => s.type === type && this.schemaOk(s.source.absolutePath));
    const failing = [...project.sources.values()].filter((s) => !this.schemaOk(s.source.absolutePath));
    this.shared = {
      register: valid[0]!.source.data as Register,
      registerSource: { path: valid[0]!.source.path, at: (path) => positionOf(valid[0]!.source, path) },
      bilagaFiles: new Map(of('bilaga').map((s) => [s.source.absolutePath, s.source.data as BilagaFil])),
      arenden: new Map(of('arende').map((s) => [(s.source.data as Arende).id, s.source.data as Arende])),
      planer: new Map(of('verksamhetsplan').map((s) => [(s.source.data as Verksamhetsplan).id, s.source.data as Verksamhetsplan])),
      unusable: new Set([...project.unreadable.map((u) => u.absolutePath), ...failing.map((s) => s.source.absolutePath)]),
      unusableArenden: new Set(
        [
          ...project.unreadable.filter((u) => u.declaredType === 'arende').map((u) => u.declaredId),
          ...failing.filter((s) => s.type === 'arende').map((s) => (s.source.data as { id?: unknown }).id),
        ].filter((id): id is string => typeof id === 'string'),
      ),
      dokument: new Map(
        [...of('verksamhetsplan'), ...of('minnesanteckningar')].map((s) => [
          (s.source.data as { id: string }).id,
          { kind: s.type, data: s.source.data } as ProjectDocument,
        ]),
      ),
      documentIds: new Map(
        [...project.sources.values()].flatMap(({ source, type }) => {
          const id = (source.data as { id?: unknown } | null)?.id;
          return (type === 'verksamhetsplan' || type === 'minnesanteckningar') && typeof id === 'string' ? [[id, type] as const] : [];
        }),
      ),
    };
  }

  /** Every message about one source: reading, schema, and (when the schema holds) the rules. */
  messagesFor(source: SourceFile): Message[] {
    const cached = this.results.get(source.absolutePath);
    if (cached) return cached;
    const entry = this.project.sources.get(source.absolutePath)!;
    const messages = [...(this.project.readMessages.get(source.absolutePath) ?? []), ...this.schemaMessages.get(source.absolutePath)!];
    if (this.schemaOk(source.absolutePath)) {
      if (this.shared) {
        const checked = checkRules(source, entry.type, this.shared, this.project.sourcesDir);
        messages.push(...checked.messages);
        for (const pdf of checked.pdfs) this.pdfs.push({ ...pdf, source, messages });
      } else if (!this.registerExists) {
        messages.push(createMessage(missingRegister, {}, { file: source.path, line: 1, column: 1 }));
      }
    }
    const duplicate = this.registerMessages.get(source.absolutePath);
    if (duplicate) messages.push(duplicate);
    this.results.set(source.absolutePath, messages);
    return messages;
  }

  /**
   * Opens every PDF bilaga the sources name, as the finish stage will, and
   * adds a message at the line that names one that cannot be appended
   * (damaged, incomplete, encrypted, without pages, or with a page whose
   * content inflates without end). Each file is opened once. Until this has
   * run, validation has read no more of a PDF than its first bytes.
   */
  async inspectPdfBilagor(): Promise<void> {
    for (const { source } of this.project.sources.values()) this.messagesFor(source);
    const pending = this.pdfs;
    this.pdfs = [];
    if (pending.length === 0) return;
    const { inspectPdf } = await import('../core/pdf.ts');
    const { readChecked } = await import('../core/files.ts');
    const found = new Map<string, Promise<PdfProblem | undefined>>();
    for (const pdf of pending) {
      const inspected =
        found.get(pdf.file) ??
        (async () => {
          const read = readChecked(pdf.file, this.project.sourcesDir, MAX_PDF_BYTES);
          return 'bytes' in read ? inspectPdf(read.bytes) : { kind: 'broken' as const, detail: read.problem.kind };
        })();
      found.set(pdf.file, inspected);
      const problem = await inspected;
      if (!problem) continue;
      const { rule, params } = pdfProblem(problem, pdf.fil);
      pdf.messages.push(createMessage(rule, params, { file: pdf.source.path, ...positionOf(pdf.source, pdf.path) }));
    }
  }

  /** Every message about a document: the sources it depends on first (a root cause before what follows from it), then its own; each once. */
  messagesForJob(job: Job): Message[] {
    return [...job.unreadableDeps.flatMap((u) => u.messages), ...[...job.deps, job.source].flatMap((source) => this.messagesFor(source))];
  }

  private schemaOk(path: string): boolean {
    return this.schemaMessages.get(path)?.length === 0;
  }

  /** True when a document and everything it depends on has no errors. */
  jobIsValid(job: Job): boolean {
    return !hasErrors(this.messagesForJob(job));
  }
}

function isMain(path: string): boolean {
  return /[\\/]register\.yaml$/.test(path);
}
