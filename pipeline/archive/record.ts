import { chromiumVersionOf, currentCommit, lockHash } from '../core/commit.ts';
import type { Fingerprints } from '../core/fingerprints.ts';
import { sha256 } from '../core/hash.ts';
import { createMessage, defineRule, type Message, MessageError } from '../core/message.ts';
import type { Job } from '../load/project.ts';
import { positionOf } from '../load/source-file.ts';
import { findChromium } from '../print/chromium.ts';
import { archiveEdition, type EditionInput, editionName, editionNames, readEdition, type ToolIdentity } from './editions.ts';

/** Minutes are approved (justerade); plans and letters are decided, with a decision (beslut) once they are. */
const finalChanged = defineRule<{ id: string; version: number; minutes: boolean }>('edition/final-changed', 'error', {
  sv: ({ id, version, minutes }) => ({
    reason: `Utgåvan ${id} är slutlig och arkiverad, men källan har ändrats sedan dess. En slutlig utgåva ändras aldrig.`,
    fix: `Gör en ny utgåva: höj version till ${version + 1} och sätt status: utkast ${minutes ? 'tills den nya versionen är justerad' : '(utan beslut) tills den är beslutad'}. Vill du inte ändra något, ångra ändringen i källan.`,
  }),
  en: ({ id, version, minutes }) => ({
    reason: `The edition ${id} is final and archived, but the source has changed since. A final edition never changes.`,
    fix: `Make a new edition: raise version to ${version + 1} and set status: utkast ${minutes ? 'until the new version is approved (justerad)' : '(without beslut) until it is decided'}. If nothing should change, undo the change to the source.`,
  }),
});
const pdfDiffers = defineRule<{ id: string }>('edition/pdf-differs', 'warning', {
  sv: ({ id }) => ({
    reason: `Den arkiverade PDF:en för ${id} skiljer sig från den som byggdes nu, fast mallar, typsnitt och verktyg är desamma (troligen en annan version av Chromium). Arkivet behålls som det var.`,
    fix: 'Inget att göra för källan; kör handlingar rebuild för att jämföra.',
  }),
  en: ({ id }) => ({
    reason: `The archived PDF of ${id} differs from the one built now, although the templates, fonts and tool are the same (probably another version of Chromium). The archive is kept as it was.`,
    fix: 'Nothing to do in the source; run handlingar rebuild to compare.',
  }),
});
const archiveFailed = defineRule<{ error: string }>('edition/archive-failed', 'error', {
  sv: ({ error }) => ({ reason: `Utgåvan kunde inte arkiveras: ${error}`, fix: 'Kontrollera att mappen editions/ går att skriva i.' }),
  en: ({ error }) => ({ reason: `The edition could not be archived: ${error}`, fix: 'Check that the folder editions/ is writable.' }),
});

const versionTaken = defineRule<{ version: number; final: number; id: string; draft: boolean }>('edition/version-taken', 'error', {
  sv: ({ version, final, id, draft }) => ({
    reason: draft
      ? `Version ${version} är ett utkast, men version ${final} av dokumentet är redan slutlig (${id}): ett utkast efter den kan inte ha samma eller ett lägre nummer.`
      : `Version ${version} är slutlig, men en senare slutlig version finns redan (${id}).`,
    fix: `Sätt version: ${final + 1} för en ny utgåva.`,
  }),
  en: ({ version, final, id, draft }) => ({
    reason: draft
      ? `Version ${version} is a draft, but version ${final} of the document is already final (${id}): a draft after it cannot have the same or a lower number.`
      : `Version ${version} is final, but a later final version exists already (${id}).`,
    fix: `Set version: ${final + 1} for a new edition.`,
  }),
});

/** The highest version of a document that is final in the archive (folders v1, v2, …), if any. */
function latestFinal(editionsDir: string, document: string): number | undefined {
  // Only this document's folder is read: a build plans every document, and the archive holds them all.
  const finals = editionNames(editionsDir, document)
    .map((name) => /^v(\d+)$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return finals.length > 0 ? Math.max(...finals) : undefined;
}

/**
 * A hash of what a document prints: its prepared view (names, sums, dates
 * resolved; as JSON) and the hashes of its appended bilagor (a PDF's bytes,
 * or an attached document's own content hash).
 */
export function contentHash(viewJson: string, appended: readonly string[]): string {
  return sha256(viewJson + appended.join(','));
}

/** What a document's edition is, worked out before it is printed. */
export interface PlannedEdition {
  input: EditionInput;
  id: string;
  /** The edition already in the archive under this id, if any: its PDF's hash and what it was made with. */
  archived?: { pdf: string; made: string };
}

/**
 * Works out a document's edition from what it prints (`content`, see contentHash), and refuses a
 * final edition whose content changed since it was archived, or whose
 * archived record is missing or broken: the document is then not built, and
 * the message says what to do.
 */
export function planEdition(
  editionsDir: string,
  sourcesDir: string,
  job: Job,
  document: string,
  content: string,
  bilagaFiles: readonly string[],
): { edition?: PlannedEdition; message?: Message } {
  const data = job.source.data as { version: number; status: string; datum?: unknown; beslut?: { organ: string; datum: string } };
  const id = `${document}@${editionName(data.version, data.status, content)}`;
  let archived: ReturnType<typeof readEdition>;
  try {
    archived = readEdition(editionsDir, id);
  } catch (error) {
    // An edition folder whose record is gone or broken: the document is not built over it.
    if (error instanceof MessageError) return { message: error.report };
    throw error;
  }
  if (archived && archived.hashes.content !== content) {
    const minutes = job.kind === 'minnesanteckningar';
    return { message: createMessage(finalChanged, { id, version: data.version, minutes }, { file: job.source.path, line: 1, column: 1 }) };
  }
  // A final edition is never followed by a draft or a final of the same or a lower number: neither could be built over it.
  const final = latestFinal(editionsDir, document);
  const draft = data.status === 'utkast';
  if (!archived && final !== undefined && (draft ? data.version <= final : data.version < final)) {
    const place = { file: job.source.path, ...positionOf(job.source, ['version']) };
    return { message: createMessage(versionTaken, { version: data.version, final, id: `${document}@v${final}`, draft }, place) };
  }
  const input: EditionInput = {
    document,
    version: data.version,
    status: data.status,
    content,
    source: job.source.data,
    sourcesDir,
    files: [job.source.absolutePath, ...[...job.deps, ...job.attached].map((d) => d.absolutePath), ...job.images, ...bilagaFiles],
    ...(typeof data.datum === 'string' && { date: data.datum }),
    ...(data.beslut !== undefined && { decision: data.beslut }),
  };
  return { edition: { input, id, ...(archived && { archived: { pdf: archived.hashes.pdf, made: madeWith(archived.hashes, archived.tool.version) } }) } };
}

/**
 * Archives a newly built edition, recording the Chromium that printed it:
 * `printedBy`, what a browser service said it is, or else the Chromium this
 * process runs. For one already archived, warns when its
 * PDF came out different although the templates, fonts and tool are those it
 * was made with: after they change, a different PDF is expected, and
 * `handlingar rebuild` says what changed.
 */
export function recordEdition(
  editionsDir: string,
  edition: PlannedEdition,
  pdf: Uint8Array,
  source: string,
  tool: Fingerprints,
  printedBy?: string,
): Message | undefined {
  if (edition.archived) {
    const unexpected = edition.archived.pdf !== sha256(pdf) && edition.archived.made === madeWith(tool, tool.tool);
    return unexpected ? createMessage(pdfDiffers, { id: edition.id }, { file: source, line: 1, column: 1 }) : undefined;
  }
  try {
    archiveEdition(editionsDir, edition.input, pdf, tool, printedBy ? { ...toolIdentity(), chromium: printedBy } : toolIdentity());
    return undefined;
  } catch (error) {
    return createMessage(archiveFailed, { error: (error as Error).message }, { file: source, line: 1, column: 1 });
  }
}

let identity: ToolIdentity | undefined;

/** The exact tool this process is: the commit (when its code is as committed), the lock's hash, Chromium's version. Found once. */
function toolIdentity(): ToolIdentity {
  if (identity) return identity;
  const commit = currentCommit();
  const chromium = chromiumVersionOf(findChromium());
  identity = { ...(commit && { commit }), lock: lockHash(), ...(chromium && { chromium }) };
  return identity;
}

function madeWith(hashes: { templates: string; fonts: string }, tool: string): string {
  return `${hashes.templates}|${hashes.fonts}|${tool}`;
}
