import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { type Document, isNode, LineCounter, type Node, parseDocument } from 'yaml';
import { keep, keptJson, packageVersion } from '../core/compiled-cache.ts';
import { type FileProblem, readChecked } from '../core/files.ts';
import { createMessage, defineRule, type Message, type Place } from '../core/message.ts';

/** A parsed YAML source, kept with its document so any value can be traced back to a line and column. */
export interface SourceFile {
  /** Path as given to the user (relative to the working directory). */
  path: string;
  /** Absolute path. */
  absolutePath: string;
  text: string;
  data: unknown;
  doc: Document;
  lineCounter: LineCounter;
  /** For a source read from what it parsed to (parseKept): the positions found in its text before, kept with it. */
  positions?: KeptPositions;
}

/** Positions of data paths in one source's text, as positionOf found them, kept between processes. */
interface KeptPositions {
  get(id: string): { line: number; column: number } | undefined;
  set(id: string, position: { line: number; column: number }): void;
}

export type PathSegment = string | number;

/** Result of reading a source: the source when it could be parsed, and what was wrong. */
export interface ReadResult {
  source?: SourceFile;
  messages: Message[];
}

export const unreadable = defineRule<{ code: string }>('load/unreadable', 'error', {
  sv: ({ code }) => ({ reason: `Filen kan inte läsas (${code}).`, fix: 'Kontrollera att sökvägen stämmer och att filen finns.' }),
  en: ({ code }) => ({ reason: `The file cannot be read (${code}).`, fix: 'Check that the path is right and the file exists.' }),
});
/** How each language names what a path leads to when it is not a file. */
const kinds = {
  sv: { folder: 'en mapp', pipe: 'en namngiven pipe (FIFO)', device: 'en enhet (som /dev/zero)', socket: 'ett uttag (socket)', other: 'inte en vanlig fil' },
  en: { folder: 'a folder', pipe: 'a named pipe (FIFO)', device: 'a device (such as /dev/zero)', socket: 'a socket', other: 'not a regular file' },
} as const;
export type NotAFile = keyof (typeof kinds)['sv'];

const notAFile = defineRule<{ what: NotAFile }>('load/not-a-file', 'error', {
  sv: ({ what }) => ({
    reason: `Sökvägen leder till ${kinds.sv[what]}, inte till en fil, och läses inte.`,
    fix: 'Ta bort den ur källmappen, eller ersätt den med en vanlig fil.',
  }),
  en: ({ what }) => ({
    reason: `The path leads to ${kinds.en[what]}, not to a file, and is not read.`,
    fix: 'Remove it from the sources folder, or replace it with a regular file.',
  }),
});
const outside = defineRule<{ target: string }>('load/outside', 'error', {
  sv: ({ target }) => ({
    reason: `Filen är en länk till ${target}, utanför källmappen; en källa läses bara inifrån källmappen.`,
    fix: 'Kopiera in filen i källmappen i stället för att länka till den.',
  }),
  en: ({ target }) => ({
    reason: `The file is a link to ${target}, outside the sources folder; a source is read only from inside it.`,
    fix: 'Copy the file into the sources folder instead of linking to it.',
  }),
});
const encoding = defineRule('load/encoding', 'error', {
  sv: () => ({
    reason: 'Filen är inte sparad som UTF-8 (tecknet här kan inte läsas).',
    fix: 'Spara filen med teckenkodningen UTF-8 i din editor (t.ex. "Spara med kodning" → UTF-8).',
  }),
  en: () => ({ reason: 'The file is not saved as UTF-8 (the character here cannot be read).', fix: 'Save the file with the UTF-8 encoding in your editor.' }),
});
const tooLarge = defineRule<{ megabytes: number; limit: number }>('load/too-large', 'error', {
  sv: ({ megabytes, limit }) => ({
    reason: `Filen är ${megabytes} MB; en källa får vara högst ${limit} MB.`,
    fix: 'Dela upp innehållet, till exempel genom att lägga bilagor i egna filer (fil: …) eller som PDF (pdf: …).',
  }),
  en: ({ megabytes, limit }) => ({
    reason: `The file is ${megabytes} MB; a source may be at most ${limit} MB.`,
    fix: 'Split the content, for example by moving bilagor into files of their own (fil: …) or PDFs (pdf: …).',
  }),
});
const bom = defineRule('load/bom', 'warning', {
  sv: () => ({ reason: 'Filen börjar med ett osynligt BOM-tecken (byte order mark).', fix: 'Spara filen som UTF-8 utan BOM. Filen läses ändå.' }),
  en: () => ({ reason: 'The file starts with an invisible byte order mark (BOM).', fix: 'Save the file as UTF-8 without BOM. The file is read anyway.' }),
});
const tab = defineRule('yaml/tab', 'error', {
  sv: () => ({ reason: 'Raden är indragen med tabb. YAML tillåter bara mellanslag för indrag.', fix: 'Ersätt tabbtecknet med mellanslag (två per nivå).' }),
  en: () => ({ reason: 'The line is indented with a tab. YAML allows only spaces for indentation.', fix: 'Replace the tab with spaces (two per level).' }),
});
const duplicateKey = defineRule<{ key: string }>('yaml/duplicate-key', 'error', {
  sv: ({ key }) => ({ reason: `Nyckeln "${key}" står två gånger i samma objekt.`, fix: 'Ta bort eller byt namn på den ena nyckeln.' }),
  en: ({ key }) => ({ reason: `The key "${key}" appears twice in the same object.`, fix: 'Remove or rename one of them.' }),
});
const syntax = defineRule<{ code: string; detail: string }>('yaml/syntax', 'error', {
  sv: ({ code, detail }) => ({ reason: `YAML-syntaxfel: ${yamlErrors[code] ?? detail}`, fix: 'Kontrollera indrag, kolon och citattecken på raden.' }),
  en: ({ detail }) => ({ reason: `YAML syntax error: ${detail}`, fix: 'Check the indentation, colons and quotes on the line.' }),
});
const colonInText = defineRule<{ text: string }>('yaml/colon-in-text', 'error', {
  sv: ({ text }) => ({
    reason: `Texten "${text}" har ett kolon följt av mellanslag eller radslut, som YAML läser som en ny nyckel.`,
    fix: 'Sätt hela texten inom citattecken, "så här: med kolon". Har texten citattecken i sig, använd det andra slaget (\' eller ").',
  }),
  en: ({ text }) => ({
    reason: `The text "${text}" has a colon followed by a space or the line's end, which YAML reads as a new key.`,
    fix: 'Put the whole text in quotes, "like this: with a colon". If the text has quotes in it, use the other kind (\' or ").',
  }),
});
const badIndent = defineRule<{ deeper: boolean }>('yaml/indent', 'error', {
  sv: ({ deeper }) => ({
    reason: deeper ? 'Raden är indragen mer än raden ovanför, som redan har ett värde.' : 'Raden är indragen annorlunda än nycklarna ovanför i samma post.',
    fix: 'Ge raden samma indrag som nycklarna ovanför (två mellanslag per nivå); är den en ny post i en lista, börja den med "- ".',
  }),
  en: ({ deeper }) => ({
    reason: deeper
      ? 'The line is indented more than the line above, which already has a value.'
      : 'The line is indented differently from the keys above it in the same item.',
    fix: 'Indent the line as the keys above it (two spaces a level); if it is a new item of a list, begin it with "- ".',
  }),
});
const unclosedQuote = defineRule('yaml/unclosed-quote', 'error', {
  sv: () => ({
    reason: 'Citattecknet som börjar här avslutas aldrig.',
    fix: 'Lägg till det avslutande citattecknet i slutet av texten, eller ta bort det inledande.',
  }),
  en: () => ({ reason: 'The quote that starts here is never closed.', fix: 'Add the closing quote at the end of the text, or remove the opening one.' }),
});
const aliases = defineRule('yaml/aliases', 'error', {
  sv: () => ({
    reason: 'Filen använder alias (*namn) så många gånger att innehållet skulle bli orimligt stort.',
    fix: 'Skriv ut innehållet i stället för att upprepa alias, eller använd färre alias.',
  }),
  en: () => ({
    reason: 'The file uses aliases (*name) so often that its content would become unreasonably large.',
    fix: 'Write the content out instead of repeating aliases.',
  }),
});

/** yaml's error codes in Swedish; the English message is yaml's own. */
const yamlErrors: Record<string, string> = {
  BAD_INDENT: 'indraget stämmer inte med raderna ovanför.',
  MISSING_CHAR: 'ett tecken saknas (t.ex. ett avslutande citattecken eller en hakparentes).',
  MULTILINE_IMPLICIT_KEY: 'en nyckel sträcker sig över flera rader; troligen saknas ett kolon eller ett citattecken.',
  UNEXPECTED_TOKEN: 'oväntat tecken.',
  BLOCK_AS_IMPLICIT_KEY: 'en lista eller ett objekt står där en nyckel väntades.',
  BAD_SCALAR_START: 'värdet börjar med ett tecken som måste stå inom citattecken (t.ex. @ eller `).',
  ALIAS_PROPS: 'ett alias (*namn) kan inte ha egenskaper.',
  BAD_ALIAS: 'aliaset (*namn) hänvisar inte till något ankare (&namn).',
  TAB_AS_INDENT: 'tabb används som indrag.',
  RESOURCE_EXHAUSTION: 'filen är för djupt nästlad (för många nivåer av listor eller objekt i varandra).',
  UNCLOSED_FLOW: 'en lista eller ett objekt som börjar med [ eller { avslutas inte med ] eller }.',
};

/**
 * Readings of the files read since `startReading` and of those read before
 * it: a file that says the same is not parsed again, so a process that builds
 * again and again (`handlingar watch`) parses only the sources that changed.
 * Readings older than that are let go. A source is never changed once read;
 * its messages are handed out as copies, which their readers add to.
 */
type Readings = Map<string, { path: string; bytes: Buffer; result: ReadResult }>;
let earlier: Readings = new Map();
let current: Readings = new Map();

/** Starts a new round of reading (a project): what was read before the last round is forgotten. */
export function startReading(): void {
  earlier = current;
  current = new Map();
}

/**
 * Reads and parses a YAML source of the sources folder `sourcesDir`; never
 * throws for bad content, only for programming errors. Only a regular file
 * inside the folder (after its links are followed) and within the size limit
 * is read: not a pipe, a device, a socket or a link that leads out.
 * `buffer`, when given, is the file's text as an editor holds it, unsaved.
 */
export function readSource(absolutePath: string, sourcesDir: string, buffer?: string): ReadResult {
  const path = relative(process.cwd(), absolutePath) || absolutePath;
  // An editor's unsaved text (`handlingar lsp`) is read as the file would be once saved.
  const read = buffer === undefined ? readChecked(absolutePath, sourcesDir, MAX_SOURCE_BYTES) : { bytes: Buffer.from(buffer, 'utf8') };
  if ('problem' in read) return { messages: [fileMessage(read.problem, { file: path, line: 1, column: 1 })] };
  const { bytes } = read;
  const last = current.get(absolutePath) ?? earlier.get(absolutePath);
  // An editor's unsaved text is parsed, not kept: each state of it would push real sources out of the cache.
  const parse = buffer === undefined ? parseKept : parseSource;
  const result = last && last.path === path && last.bytes.equals(bytes) ? last.result : parse(path, absolutePath, bytes);
  current.set(absolutePath, { path, bytes, result });
  return { ...result, messages: [...result.messages] };
}

/** How parseSource reads a file: raised when its options or checks change, so that what it kept before is not taken. */
const PARSE_VERSION = 1;

/** Where `parseKept` keeps what a source's bytes parse to: a hash of the bytes and of how they are parsed. */
export function parsedKey(bytes: Uint8Array): string {
  return `${createHash('sha256')
    .update(`yaml ${packageVersion('yaml')} ${PARSE_VERSION}\0`)
    .update(bytes)
    .digest('hex')
    .slice(0, 32)}.json`;
}

/**
 * parseSource, with what the bytes parse to kept between processes (in the
 * compiled cache, see parsedKey): a new process parses the 2023 plan ×10
 * (59 kB) in 70 ms, the parser's code still cold, and reads the kept JSON in
 * one. Kept only for a source that parsed without a message and whose data
 * JSON holds exactly. The YAML document (positions for messages, the
 * editor's lookups) is parsed from the text when it is first asked for.
 */
function parseKept(path: string, absolutePath: string, bytes: Uint8Array): ReadResult {
  const key = parsedKey(bytes);
  // Kept data that is not JSON (a damaged file) is parsed again below.
  const data = keptJson('parsed', key);
  if (data !== undefined) return { source: lazySource(path, absolutePath, Buffer.from(bytes).toString('utf8'), data, keptPositions(key)), messages: [] };
  const result = parseSource(path, absolutePath, bytes);
  if (result.source && result.messages.length === 0 && holdsAsJson(result.source.data)) keep('parsed', key, JSON.stringify(result.source.data));
  return result;
}

/**
 * The positions positionOf found in a kept source's text: its messages (a
 * plan's calendar warning, say) name the same places at every build, and a
 * position found once spares the next process parsing the text for it (the
 * 2023 plan ×50: 190 ms).
 */
function keptPositions(key: string): KeptPositions {
  let known: Record<string, { line: number; column: number }> | undefined;
  let writing = false;
  const read = () => {
    if (!known) {
      const value = keptJson('positions', key);
      known = typeof value === 'object' && value !== null ? (value as Record<string, { line: number; column: number }>) : {};
    }
    return known;
  };
  return {
    get: (id) => {
      const position = Object.hasOwn(read(), id) ? read()[id] : undefined;
      return Number.isInteger(position?.line) && Number.isInteger(position?.column) ? position : undefined;
    },
    set: (id, position) => {
      read()[id] = position;
      // Written once for all the places found in one turn (a source with hundreds of messages), not once for each.
      if (writing) return;
      writing = true;
      setImmediate(() => {
        writing = false;
        keep('positions', key, JSON.stringify(read()));
      });
    },
  };
}

/** A source whose data is known: its YAML document parsed from `text` only when asked for. */
function lazySource(path: string, absolutePath: string, text: string, data: unknown, positions: KeptPositions): SourceFile {
  let parsed: { doc: Document; lineCounter: LineCounter } | undefined;
  const parse = () => (parsed ??= yamlDocument(text));
  return {
    path,
    absolutePath,
    text,
    data,
    get doc() {
      return parse().doc;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
    positions,
  };
}

/**
 * True when JSON gives `value` back as it is: a tree (no object reached
 * twice, as an alias makes one: JSON would write it out again at each
 * alias, and a self-referring one for ever) of plain objects and arrays,
 * text, finite numbers other than -0, booleans and null.
 */
function holdsAsJson(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.every((item) => holdsAsJson(item, seen));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.keys(value).every((key) => key !== '__proto__' && holdsAsJson((value as Record<string, unknown>)[key], seen));
}

/** A source's YAML document, with the line counter its positions are read by: parsed one way, whether the data is kept or not. */
function yamlDocument(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
}

/** Parses YAML bytes; exported for tests and for sources that do not come from disk. */
export function parseSource(path: string, absolutePath: string, bytes: Uint8Array): ReadResult {
  const messages: Message[] = [];
  if (bytes.length > MAX_SOURCE_BYTES) {
    return {
      messages: [
        createMessage(tooLarge, { megabytes: Math.round(bytes.length / 2 ** 20), limit: MAX_SOURCE_BYTES / 2 ** 20 }, { file: path, line: 1, column: 1 }),
      ],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, offset)).toString('latin1');
    return { messages: [createMessage(encoding, {}, { file: path, ...positionInText(before, before.length) })] };
  }
  if (text.startsWith('\uFEFF')) {
    messages.push(createMessage(bom, {}, { file: path, line: 1, column: 1 }));
    text = text.slice(1);
  }
  const tabbed = /^( *)\t/m.exec(text);
  if (tabbed) {
    messages.push(createMessage(tab, {}, { file: path, ...positionInText(text, tabbed.index + tabbed[1]!.length) }));
    return { messages };
  }
  const { doc, lineCounter } = yamlDocument(text);
  // Later parse errors are nearly always consequences of the first: report one.
  for (const error of doc.errors.slice(0, 1)) {
    const unclosed = openingOfUnclosedQuote(text, error.message, lineCounter.linePos(error.pos[0]).line);
    if (unclosed) {
      messages.push(createMessage(unclosedQuote, {}, { file: path, ...unclosed }));
      continue;
    }
    const place = { file: path, line: lineCounter.linePos(error.pos[0]).line, column: lineCounter.linePos(error.pos[0]).col };
    messages.push(
      commonMistake(text, error, place.line, path) ??
        (error.code === 'DUPLICATE_KEY'
          ? createMessage(duplicateKey, { key: /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim() }, place)
          : createMessage(syntax, { code: syntaxCode(error.code, error.message), detail: error.message.split('\n')[0]! }, place)),
    );
  }
  if (doc.errors.length > 0) return { messages };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch {
    return { messages: [createMessage(aliases, {}, { file: path, line: 1, column: 1 })] };
  }
  return { source: { path, absolutePath, text, data, doc, lineCounter }, messages };
}

/** The message for a file that may not be read. */
function fileMessage(problem: FileProblem, place: Place): Message {
  switch (problem.kind) {
    case 'missing':
      return createMessage(unreadable, { code: problem.code }, place);
    case 'not-a-file':
      return createMessage(notAFile, { what: problem.what }, place);
    case 'outside':
      return createMessage(outside, { target: problem.target }, place);
    case 'too-large':
      return createMessage(tooLarge, { megabytes: Math.round(problem.bytes / 2 ** 20), limit: problem.limit / 2 ** 20 }, place);
  }
}

/** The largest source read: far above any real document (the 2020 plan is 30 kB), far below what would strain memory. */
export const MAX_SOURCE_BYTES = 5 * 2 ** 20;

/** Line and column of the YAML node at `path`, or of its nearest existing ancestor. */
export function positionOf(source: SourceFile, path: readonly PathSegment[], key = false): { line: number; column: number } {
  if (!source.positions) return findPosition(source, path, key);
  const id = JSON.stringify([path, key]);
  const known = source.positions.get(id);
  if (known) return { ...known };
  const position = findPosition(source, path, key);
  source.positions.set(id, position);
  return { ...position };
}

function findPosition(source: SourceFile, path: readonly PathSegment[], key: boolean): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(source.doc, path.slice(0, depth), key && depth === path.length);
    if (node?.range) {
      const pos = source.lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function nodeAt(doc: Document, path: readonly PathSegment[], key: boolean): Node | undefined {
  if (!key || path.length === 0) {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    return isNode(node) ? node : undefined;
  }
  const parent = doc.getIn(path.slice(0, -1), true) as { items?: Array<{ key: unknown }> } | undefined;
  const last = path[path.length - 1];
  const pair = parent?.items?.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === last);
  return pair && isNode(pair.key) ? pair.key : undefined;
}

/** Where an unclosed quote opens: yaml reports the end of the file, which helps nobody. */
function openingOfUnclosedQuote(text: string, message: string, errorLine: number): { line: number; column: number } | undefined {
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  if (!quote) return undefined;
  const lines = text.split('\n');
  for (let i = Math.min(errorLine, lines.length) - 1; i >= 0; i--) {
    const count = lines[i]!.split(quote).length - 1;
    if (count % 2 === 1) return { line: i + 1, column: lines[i]!.lastIndexOf(quote) + 1 };
  }
  return undefined;
}

function positionInText(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * The offset of the first byte that is not UTF-8. A prefix decodes as a
 * stream (an unfinished character at its end is no error) exactly when the
 * bad byte lies beyond it, so the offset is found by halving: a bad byte
 * anywhere in a 5 MB file takes some twenty decodings.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const decodes = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let [good, bad] = [0, bytes.length];
  if (decodes(bad)) return bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1;
    if (decodes(middle)) good = middle;
    else bad = middle;
  }
  return good;
}

/**
 * The mistakes behind yaml's least telling errors, said as what to do, where
 * the lines show them: a colon and a space in a text ("stycke: Obs: …"),
 * a line indented unlike the keys above it, or more than a line that already
 * has a value (yaml reports the line above).
 */
function commonMistake(text: string, error: { code: string; message: string }, line: number, file: string): Message | undefined {
  const lines = text.split(/\r?\n/);
  const here = lines[line - 1] ?? '';
  // Where a line's key begins: after its indentation and any "- " of list items.
  const keyColumn = (l: string) => /^ *(?:- +)*/.exec(l)![0].length;
  if (error.code === 'MISSING_CHAR' && /without - indicator/.test(error.message)) {
    return createMessage(badIndent, { deeper: false }, { file, line, column: keyColumn(here) + 1 });
  }
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined;
  // "- stycke: Obs: Ansvarig …" or "rubrik: Följande beslutades:": after the key, an unquoted value with a colon that
  // ends it or is followed by a space (a comment after it left out).
  const found = /^( *(?:- +)*[\w-]+:[ \t]+)([^"'{[\s#](?:.*?:[ \t].*?|.*?:))(?:[ \t]+#.*)?$/.exec(here);
  if (found) return createMessage(colonInText, { text: found[2]!.trim() }, { file, line, column: found[1]!.length + 1 });
  const next = lines.slice(line).findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const below = lines[line + next];
  if (next < 0 || below === undefined || keyColumn(below) <= keyColumn(here)) return undefined;
  return createMessage(badIndent, { deeper: true }, { file, line: line + next + 1, column: keyColumn(below) + 1 });
}

/** yaml's error code, refined where its message says more (an unclosed [ or {). */
function syntaxCode(code: string, message: string): string {
  return /end with a [\]}]/.test(message) ? 'UNCLOSED_FLOW' : code;
}
