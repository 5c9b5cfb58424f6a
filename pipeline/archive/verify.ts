import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createMessage, defineRule, type Message, MessageError, messageError } from '../core/message.ts';
import { isFolder, shownPath } from '../core/paths.ts';
import { type EditionRecord, editionDir, editionIds, isEditionName, readEdition } from './editions.ts';

// Checks that the archive holds what its records say: every file an edition's
// edition.json names, with the bytes it names, and nothing else.

const fileDiffers = defineRule<{ id: string; expected: string; found: string }>('edition/file-differs', 'error', {
  sv: ({ id, expected, found }) => ({
    reason: `Filen i utgåvan ${id} är inte den som arkiverades: edition.json säger sha256 ${expected}, filen har ${found}.`,
    fix: 'En arkiverad utgåva ändras aldrig. Återställ filen ur versionshanteringen (git checkout -- editions/).',
  }),
  en: ({ id, expected, found }) => ({
    reason: `The file in the edition ${id} is not the one archived: edition.json says sha256 ${expected}, the file has ${found}.`,
    fix: 'An archived edition never changes. Restore the file from version control (git checkout -- editions/).',
  }),
});
const fileMissing = defineRule<{ id: string }>('edition/file-missing', 'error', {
  sv: ({ id }) => ({
    reason: `Filen saknas i utgåvan ${id}, fast edition.json säger att den arkiverades.`,
    fix: 'Återställ den ur versionshanteringen (git checkout -- editions/).',
  }),
  en: ({ id }) => ({
    reason: `The file is missing from the edition ${id}, although edition.json says it was archived.`,
    fix: 'Restore it from version control (git checkout -- editions/).',
  }),
});
const fileUnexpected = defineRule<{ id: string }>('edition/file-unexpected', 'error', {
  sv: ({ id }) => ({
    reason: `Filen finns i utgåvan ${id} men nämns inte i dess edition.json (eller är ingen vanlig fil): den arkiverades inte med utgåvan.`,
    fix: 'Ta bort den; en arkiverad utgåva ändras aldrig.',
  }),
  en: ({ id }) => ({
    reason: `The file is in the edition ${id} but its edition.json does not name it (or it is not a regular file): it was not archived with the edition.`,
    fix: 'Remove it; an archived edition never changes.',
  }),
});
const stray = defineRule<{ interrupted: boolean }>('edition/stray', 'warning', {
  sv: ({ interrupted }) => ({
    reason: interrupted
      ? 'En arkivering som avbröts lämnade den här mappen; den är ingen utgåva.'
      : 'Det här är ingen utgåva (en utgåva är en mapp editions/<dokument>/v<nummer> eller v<nummer>-utkast-<hash>), och den läses inte.',
    fix: 'Ta bort den.',
  }),
  en: ({ interrupted }) => ({
    reason: interrupted
      ? 'An archiving that was cut short left this folder; it is not an edition.'
      : 'This is not an edition (an edition is a folder editions/<document>/v<number> or v<number>-utkast-<hash>), and it is not read.',
    fix: 'Remove it.',
  }),
});

const linked = defineRule('edition/linked', 'error', {
  sv: () => ({
    reason: 'Det här är en länk, inte en mapp i arkivet: arkivet läses bara ur sina egna mappar, och utgåvor bakom länken räknas inte.',
    fix: 'Ersätt länken med mappen själv (kopiera in den), eller ta bort länken.',
  }),
  en: () => ({
    reason: 'This is a link, not a folder of the archive: the archive is read only from its own folders, and editions behind the link do not count.',
    fix: 'Replace the link with the folder itself (copy it in), or remove the link.',
  }),
});
const noArchive = defineRule<{ dir: string }>('edition/no-archive', 'error', {
  sv: ({ dir }) => ({ reason: `Det finns inget arkiv i ${dir} (ingen mapp).`, fix: 'Ange arkivet med --editions; det skapas av handlingar build.' }),
  en: ({ dir }) => ({ reason: `There is no archive at ${dir} (no folder).`, fix: 'Name the archive with --editions; handlingar build makes it.' }),
});

/** What checking one edition found: its record, when it could be read, and every way the files differ from it. */
export interface EditionCheck {
  id: string;
  record?: EditionRecord;
  problems: Message[];
}

/** Checks every file of an edition against its edition.json: each named file there with its hash, and no other. */
export function checkEdition(editionsDir: string, id: string): EditionCheck {
  let record: EditionRecord | undefined;
  try {
    record = readEdition(editionsDir, id);
  } catch (error) {
    if (error instanceof MessageError) return { id, problems: [{ ...error.report, file: error.report.file! }] };
    throw error;
  }
  if (!record) return { id, problems: [] };
  const dir = editionDir(editionsDir, id)!;
  const expected = new Map<string, string>([
    [`${record.document}.pdf`, record.hashes.pdf],
    ...Object.entries(record.hashes.sources).map(([path, hash]): [string, string] => [join('sources', path), hash]),
  ]);
  const problems: Message[] = [];
  const found = new Set<string>();
  for (const path of filesBelow(dir)) {
    if (path === 'edition.json') continue;
    const file = join(dir, path);
    const hash = expected.get(path);
    if (hash === undefined || !lstatSync(file).isFile()) {
      problems.push(createMessage(fileUnexpected, { id }, { file: shownPath(file) }));
      continue;
    }
    found.add(path);
    const actual = sha256File(file);
    if (actual !== hash) problems.push(createMessage(fileDiffers, { id, expected: hash.slice(0, 16), found: actual.slice(0, 16) }, { file: shownPath(file) }));
  }
  for (const path of expected.keys()) if (!found.has(path)) problems.push(createMessage(fileMissing, { id }, { file: shownPath(join(dir, path)) }));
  return { id, record, problems };
}

/** Checks every edition in the archive, and names what in it is no edition (a stray file, an archiving cut short). */
export function checkArchive(editionsDir: string): { editions: EditionCheck[]; stray: Message[] } {
  if (!isFolder(editionsDir)) throw messageError(noArchive, { dir: shownPath(editionsDir) });
  const strays: Message[] = [];
  const entries = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const document of entries(editionsDir)) {
    const path = join(editionsDir, document.name);
    if (document.isSymbolicLink()) {
      strays.push(createMessage(linked, {}, { file: shownPath(path) }));
      continue;
    }
    if (!document.isDirectory()) {
      if (document.name !== '.gitkeep') strays.push(createMessage(stray, { interrupted: false }, { file: shownPath(path) }));
      continue;
    }
    for (const entry of entries(path)) {
      if (entry.isDirectory() && isEditionName(entry.name)) continue;
      if (entry.isSymbolicLink()) {
        strays.push(createMessage(linked, {}, { file: shownPath(join(path, entry.name)) }));
        continue;
      }
      strays.push(createMessage(stray, { interrupted: /\.\d+\.tmp$/.test(entry.name) }, { file: shownPath(join(path, entry.name)) }));
    }
  }
  return { editions: editionIds(editionsDir).map((id) => checkEdition(editionsDir, id)), stray: strays };
}

/** Every file below a folder (links and other non-folders included, never followed), as paths within it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The SHA-256 of a file, read a megabyte at a time (an archived file may be of any size). */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
