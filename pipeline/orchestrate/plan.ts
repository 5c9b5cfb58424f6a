import { relative } from 'node:path';
import { createMessage, defineRule, type Message } from '../core/message.ts';
import type { SharedSources } from '../core/model.ts';
import { type Job, loadProject, type Project, planJobs, selects, type Unreadable } from '../load/project.ts';
import type { SourceFile } from '../load/source-file.ts';
import { type PreparedDocument, prepareDocument } from '../prepare/prepare-document.ts';
import { Validation } from '../validate/validate-project.ts';

/** The longest name a PDF may have: a file system takes 255 bytes, and a temporary file's name adds to it. */
const MAX_FILE_NAME_BYTES = 200;

const nameTooLong = defineRule<{ fileName: string; bytes: number }>('output/name-too-long', 'error', {
  sv: ({ fileName, bytes }) => ({
    reason: `Dokumentets filnamn (${fileName}) blir ${bytes} byte långt; högst ${MAX_FILE_NAME_BYTES} går att spara.`,
    fix: 'Korta id:t som namnet görs av (ärendets id, organets id).',
  }),
  en: ({ fileName, bytes }) => ({
    reason: `The document's file name (${fileName}) is ${bytes} bytes long; at most ${MAX_FILE_NAME_BYTES} can be saved.`,
    fix: "Shorten the id the name is made from (the ärende's id, the body's id).",
  }),
});
const nameClash = defineRule<{ fileName: string; other: string }>('output/name-clash', 'error', {
  sv: ({ fileName, other }) => ({
    reason: `Dokumentet får samma filnamn (${fileName}) som ${other}.`,
    fix: 'Ändra år, datum eller kommun så att dokumenten skiljer sig åt.',
  }),
  en: ({ fileName, other }) => ({
    reason: `The document gets the same file name (${fileName}) as ${other}.`,
    fix: 'Change the year, date or municipality so that the documents differ.',
  }),
});

/** One document of a plan: what it is built from, what was found wrong, and, when nothing stops it, what it prints. */
export interface PlannedDocument {
  job: Job;
  /** Everything said about the document: about its own source and the sources it uses, and about it as a whole. */
  messages: Message[];
  /** What is said about the document as a whole rather than about one of its sources (two documents with one file name). */
  documentMessages: Message[];
  /** Its view, file name and PDF bilagor; none when an error stops it. */
  prepared?: PreparedDocument;
}

/** The sources of a project read, validated and their documents prepared, for one command. */
export interface ProjectPlan {
  project: Project;
  /** The register, bilaga files and ärenden that passed validation; none without a valid register. */
  shared: SharedSources | undefined;
  /** True for a file the command was asked about: inside one of its paths, or any file when none was given. */
  within: (file: string) => boolean;
  /** The files that could not be read at all, or have no known typ (selected or not: a broken register matters to all). */
  unreadable: Unreadable[];
  /** Every message about one source that could be read: reading, schema, and rules. */
  messagesFor: (source: SourceFile) => Message[];
  /** The documents asked about (by their own file, or a file they use), validated and prepared one at a time, in the order of their files. */
  documents: () => Generator<PlannedDocument>;
}

/**
 * Plans load → validate → prepare for every command that reads sources
 * (build, watch, diff, validate): reads every source under `sourcesDir`,
 * validates each once (opening the PDF bilagor they name), and prepares the documents that `paths` asks about
 * as they are taken, so that a build can start printing the first while the
 * rest are prepared. `buffers` are the files an editor holds open, read
 * from there (see loadProject).
 */
export async function planProject(sourcesDir: string, paths: readonly string[] = [], buffers?: ReadonlyMap<string, string>): Promise<ProjectPlan> {
  const project = loadProject(sourcesDir, buffers);
  const validation = new Validation(project);
  await validation.inspectPdfBilagor();
  return {
    project,
    shared: validation.shared,
    within: selects(paths),
    unreadable: project.unreadable,
    messagesFor: (source) => validation.messagesFor(source),
    *documents() {
      // Every document is prepared for its file name, so that one asked about cannot take the name of one that is not.
      const asked = new Set(planJobs(project, paths).map((job) => job.source.absolutePath));
      const names = new Map<string, string>();
      for (const job of planJobs(project)) {
        const planned = planDocument(job, validation, names, sourcesDir);
        if (asked.has(job.source.absolutePath)) yield planned;
      }
    },
  };
}

/**
 * A document validated and, when nothing stops it, prepared. Its file name is
 * taken in `names` (file name → source, relative to the sources folder)
 * unless an earlier document has it.
 */
function planDocument(job: Job, validation: Validation, names: Map<string, string>, sourcesDir: string): PlannedDocument {
  const messages = validation.messagesForJob(job);
  if (!validation.jobIsValid(job) || !validation.shared) return { job, messages, documentMessages: [] };
  const prepared = prepareDocument(job, validation.shared, sourcesDir);
  const bytes = Buffer.byteLength(prepared.fileName);
  if (bytes > MAX_FILE_NAME_BYTES) {
    const tooLong = createMessage(nameTooLong, { fileName: prepared.fileName, bytes }, { file: job.source.path, line: 1, column: 1 });
    return { job, messages: [...messages, tooLong], documentMessages: [tooLong] };
  }
  const other = names.get(prepared.fileName);
  if (other) {
    const clash = createMessage(nameClash, { fileName: prepared.fileName, other }, { file: job.source.path, line: 1, column: 1 });
    return { job, messages: [...messages, clash], documentMessages: [clash] };
  }
  names.set(prepared.fileName, relative(sourcesDir, job.source.absolutePath));
  return { job, messages, documentMessages: [], prepared };
}
