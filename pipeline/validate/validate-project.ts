import { relative } from 'node:path';
import { createMessage, hasErrors, type Message } from '../messages/message.ts';
import type { Arende, BilagaFil, Register } from '../model.ts';
import type { Job, Project } from '../load/project.ts';
import type { SourceFile } from '../load/source-file.ts';
import { checkRules, type RuleInputs } from './check-document.ts';
import { checkSchema } from './check-schema.ts';
import type { SourceType } from './schemas.ts';

/** Validates the sources of a project, each once, and remembers the result. */
export class Validation {
  private readonly results = new Map<string, Message[]>();
  private readonly schemaMessages = new Map<string, Message[]>();
  readonly inputs: RuleInputs | undefined;
  private readonly registerMessages = new Map<string, Message>();

  constructor(private readonly project: Project) {
    // The register is sources/register.yaml; any other file of typ register is a mistake.
    const registers = [...project.sources.values()].filter((s) => s.type === 'register')
      .sort((a, b) => Number(isMain(b.source.absolutePath)) - Number(isMain(a.source.absolutePath)));
    for (const { source, type } of project.sources.values()) this.schemaMessages.set(source.absolutePath, checkSchema(source, type));
    const valid = registers.filter((r) => this.schemaOk(r.source.absolutePath));
    for (const extra of registers.slice(1)) {
      this.registerMessages.set(extra.source.absolutePath, createMessage(extra.source.path, { line: 1, column: 1 }, 'register/duplicate',
        { first: relative(project.sourcesDir, registers[0]!.source.absolutePath) }));
    }
    if (valid.length === 0) return;
    const of = (type: SourceType) => [...project.sources.values()]
      .filter((s) => s.type === type && this.schemaOk(s.source.absolutePath));
    this.inputs = {
      register: valid[0]!.source.data as Register,
      bilagaFiles: new Map(of('bilaga').map((s) => [s.source.absolutePath, s.source.data as BilagaFil])),
      arenden: new Map(of('arende').map((s) => [(s.source.data as Arende).id, s.source.data as Arende])),
    };
  }

  /** Every message about one source: reading, schema, and (when the schema holds) the rules. */
  messagesFor(source: SourceFile): Message[] {
    const cached = this.results.get(source.absolutePath);
    if (cached) return cached;
    const entry = this.project.sources.get(source.absolutePath)!;
    const messages = [...(this.project.readMessages.get(source.absolutePath) ?? []), ...this.schemaMessages.get(source.absolutePath)!];
    if (this.schemaOk(source.absolutePath)) {
      if (this.inputs) {
        messages.push(...checkRules(source, entry.type, this.inputs));
      } else {
        messages.push(createMessage(source.path, { line: 1, column: 1 }, 'register/missing', {}));
      }
    }
    const duplicate = this.registerMessages.get(source.absolutePath);
    if (duplicate) messages.push(duplicate);
    this.results.set(source.absolutePath, messages);
    return messages;
  }

  /** Every message about a document: its own source and the sources it depends on. */
  messagesForJob(job: Job): Message[] {
    return [...job.messages, ...this.messagesFor(job.source), ...job.deps.flatMap((d) => this.messagesFor(d))];
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
