import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { createMessage, type Message } from '../messages/message.ts';

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
}

export type PathSegment = string | number;

/** Result of reading a source: the source when it could be parsed, and what was wrong. */
export interface ReadResult {
  source?: SourceFile;
  messages: Message[];
}

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

/** Reads and parses a YAML source; never throws for bad content, only for programming errors. */
export function readSource(absolutePath: string): ReadResult {
  const path = relative(process.cwd(), absolutePath) || absolutePath;
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'okänt fel';
    return { messages: [createMessage(path, { line: 1, column: 1 }, 'load/unreadable', { code })] };
  }
  const last = current.get(absolutePath) ?? earlier.get(absolutePath);
  const result = last && last.path === path && last.bytes.equals(bytes) ? last.result : parseSource(path, absolutePath, bytes);
  current.set(absolutePath, { path, bytes, result });
  return { ...result, messages: [...result.messages] };
}

/** Parses YAML bytes; exported for tests and for sources that do not come from disk. */
export function parseSource(path: string, absolutePath: string, bytes: Uint8Array): ReadResult {
  const messages: Message[] = [];
  if (bytes.length > MAX_BYTES) {
    return { messages: [createMessage(path, { line: 1, column: 1 }, 'load/too-large', { megabytes: Math.round(bytes.length / 2 ** 20), limit: MAX_BYTES / 2 ** 20 })] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, offset)).toString('latin1');
    return {
      messages: [
        createMessage(path, positionInText(before, before.length), 'load/encoding', {}),
      ],
    };
  }
  if (text.startsWith('\uFEFF')) {
    messages.push(createMessage(path, { line: 1, column: 1 }, 'load/bom', {}));
    text = text.slice(1);
  }
  const tab = /^( *)\t/m.exec(text);
  if (tab) {
    messages.push(createMessage(path, positionInText(text, tab.index + tab[1]!.length), 'yaml/tab', {}));
    return { messages };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Later parse errors are nearly always consequences of the first: report one.
  for (const error of doc.errors.slice(0, 1)) {
    const unclosed = unclosedQuote(text, error.message, lineCounter.linePos(error.pos[0]).line);
    if (unclosed) {
      messages.push(createMessage(path, unclosed, 'yaml/unclosed-quote', {}));
      continue;
    }
    const pos = { line: lineCounter.linePos(error.pos[0]).line, column: lineCounter.linePos(error.pos[0]).col };
    messages.push(error.code === 'DUPLICATE_KEY'
      ? createMessage(path, pos, 'yaml/duplicate-key', { key: /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim() })
      : createMessage(path, pos, 'yaml/syntax', { code: syntaxCode(error.code, error.message), detail: error.message.split('\n')[0]! }));
  }
  if (doc.errors.length > 0) return { messages };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch {
    return {
      messages: [createMessage(path, { line: 1, column: 1 }, 'yaml/aliases', {})],
    };
  }
  return { source: { path, absolutePath, text, data, doc, lineCounter }, messages };
}

/** The largest source read: far above any real document (the 2020 plan is 30 kB), far below what would strain memory. */
const MAX_BYTES = 5 * 2 ** 20;

/** Line and column of the YAML node at `path`, or of its nearest existing ancestor. */
export function positionOf(source: SourceFile, path: readonly PathSegment[], key = false): { line: number; column: number } {
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
function unclosedQuote(text: string, message: string, errorLine: number): { line: number; column: number } | undefined {
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

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let end = 1; end <= bytes.length; end++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
    } catch {
      return end - 1;
    }
  }
  return bytes.length;
}

/** yaml's error code, refined where its message says more (an unclosed [ or {). */
function syntaxCode(code: string, message: string): string {
  return /end with a [\]}]/.test(message) ? 'UNCLOSED_FLOW' : code;
}
