import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type CompletionItem,
  CompletionItemKind,
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  type Hover,
  MarkupKind,
  type Range,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, parseDocument } from 'yaml';
import { type Language, type Message, placeOf } from '../core/message.ts';
import { sourceTypes } from '../core/model.ts';
import { sourcesFolderOf } from '../core/paths.ts';
import { readSource } from '../load/source-file.ts';
import { fieldInsertion, mappingAt, pathAt } from '../load/yaml-places.ts';
import { fieldHelp, type RegisterList } from '../validate/schema-fields.ts';
import { validateSources } from './validate.ts';

export interface LanguageServerOptions {
  language: Language;
  /** The sources folder; by default each file's own (the nearest folder above it with a register.yaml). */
  sourcesDir?: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** How long typing must pause before the sources are checked again. */
const PAUSE_MS = 150;

/**
 * `handlingar lsp`: a language server for the sources. As the author types,
 * it publishes for each open file exactly the messages `validate` gives for
 * it, read from the editor's unsaved text (every open file of the sources
 * folder is read from the editor); it offers a message's suggestion as a
 * quick fix, completes register ids from the list the field refers to, and
 * shows a field's description and examples from the schemas on hover.
 */
export function startLanguageServer(options: LanguageServerOptions): void {
  const connection = createConnection(options.input, options.output);
  const documents = new TextDocuments(TextDocument);
  const published = new Map<string, Message[]>();
  // Only files saved somewhere (file: URIs) belong to a sources folder; an untitled buffer does not.
  const files = () => documents.all().filter((d) => d.uri.startsWith('file:'));
  const folderOf = (uri: string) => options.sourcesDir ?? sourcesFolderOf(fileURLToPath(uri));
  const buffers = () => new Map(files().map((d) => [fileURLToPath(d.uri), d.getText()]));

  /**
   * Checks every open file, one sources folder at a time, with all open files
   * read from the editor; each file's messages are published for the version
   * that was read, so that an editor can drop them when typing went on.
   */
  const check = async () => {
    const open = files().map((d) => ({ document: TextDocument.create(d.uri, d.languageId, d.version, d.getText()), path: fileURLToPath(d.uri) }));
    const texts = new Map(open.map((o) => [o.path, o.document.getText()]));
    for (const folder of new Set(open.map((o) => folderOf(o.document.uri)))) {
      if (folder === undefined) continue;
      const inFolder = open.filter((o) => folderOf(o.document.uri) === folder && o.path.startsWith(folder + sep));
      const { messages, elsewhere } = await validateSources(
        folder,
        inFolder.map((o) => o.path),
        texts,
      );
      for (const { document, path } of inFolder) {
        const mine = messages.filter((m) => m.file !== undefined && resolve(m.file) === path);
        published.set(document.uri, mine);
        // The errors of a file it depends on that is not open (a broken arende.yaml) are its root cause: shown at its top, with their place.
        const rooted = (elsewhere.get(path) ?? []).map((m) => rootCauseOf(m, options.language));
        const diagnostics = [...rooted, ...mine.map((m) => diagnosticOf(m, document, options.language))];
        await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
      }
    }
  };
  let checking = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      checking = checking.then(check).catch((error: unknown) => connection.console.error(String((error as Error).stack ?? error)));
    }, PAUSE_MS);
  };
  documents.onDidChangeContent(schedule);
  documents.onDidClose(({ document }) => {
    published.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    // A file closed unsaved is read from the disk again, which may change what the others say.
    schedule();
  });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: [' '] },
      hoverProvider: true,
    },
  }));
  connection.onCodeAction(({ textDocument, range }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const near = (published.get(textDocument.uri) ?? []).filter((m) => m.line !== undefined && m.line - 1 >= range.start.line && m.line - 1 <= range.end.line);
    return near.flatMap((m) => {
      const action = fixOf(m, document, options.language);
      return action ? [action] : [];
    });
  });
  connection.onCompletion(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    const folder = document?.uri.startsWith('file:') ? folderOf(document.uri) : undefined;
    const help = document && fieldAtPosition(document, document.offsetAt(position), false);
    if (folder === undefined || !help?.register) return [];
    return registerIds(folder, buffers(), help.register);
  });
  connection.onHover(({ textDocument, position }): Hover | null => {
    const document = documents.get(textDocument.uri);
    const help = document && fieldAtPosition(document, document.offsetAt(position), true);
    if (!help?.description) return null;
    const example =
      help.examples.length > 0
        ? `\n\n${options.language === 'sv' ? 'Exempel' : 'Example'}: ${help.examples.map((e) => `\`${JSON.stringify(e)}\``).join(', ')}`
        : '';
    return { contents: { kind: MarkupKind.Markdown, value: `${help.description}${example}` } };
  });

  documents.listen(connection);
  connection.listen();
}

/** A message as the editor shows it: at its place, to the end of the word there; its words as `validate` prints them. */
function diagnosticOf(m: Message, document: TextDocument, language: Language): Diagnostic {
  const { reason, fix } = m.text[language];
  return {
    range: wordAt(m, document).range,
    severity: m.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: m.ruleId,
    source: 'handlingar',
    message: `${reason}\n${language === 'sv' ? 'Åtgärd' : 'Fix'}: ${fix}`,
  };
}

/** An error of a file the open one depends on, at the open file's top, naming its own place. */
function rootCauseOf(m: Message, language: Language): Diagnostic {
  const { reason, fix } = m.text[language];
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: m.ruleId,
    source: 'handlingar',
    message: `${placeOf(m)}: ${reason}\n${language === 'sv' ? 'Åtgärd' : 'Fix'}: ${fix}`,
  };
}

/** The word at a message's place (a key, an id, a value; with its quotes, when it has them), and the text within the quotes. */
function wordAt(m: Message, document: TextDocument): { range: Range; inner: Range } {
  const start = { line: (m.line ?? 1) - 1, character: (m.column ?? 1) - 1 };
  const rest = document.getText({ start, end: { line: start.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const quote = /^["']/.exec(rest)?.[0] ?? '';
  const word = /^(?:[^\s,{}[\]#:"']|:(?=\S))*/.exec(rest.slice(quote.length))![0];
  const closed = quote !== '' && rest.startsWith(quote, quote.length + word.length) ? quote.length : 0;
  const at = (n: number) => ({ line: start.line, character: start.character + n });
  return { range: { start, end: at(quote.length + word.length + closed) }, inner: { start: at(quote.length), end: at(quote.length + word.length) } };
}

/** A message's suggestion as a quick fix, when the source still says what the message was about. */
function fixOf(m: Message, document: TextDocument, language: Language): CodeAction | undefined {
  const s = m.suggestion;
  if (!s) return undefined;
  const sv = language === 'sv';
  if (s.kind === 'replace') {
    const range = wordAt(m, document).inner;
    if (document.getText(range) !== s.text) return undefined;
    const title = sv ? `Byt "${s.text}" mot "${s.replacement}"` : `Replace "${s.text}" with "${s.replacement}"`;
    return quickFix(title, m, document, language, [{ range, newText: s.replacement }]);
  }
  const text = document.getText();
  const map = mappingAt(parseDocument(text), document.offsetAt(wordAt(m, document).range.start));
  const insertion = map && fieldInsertion(map, text, s.key, s.value);
  if (!insertion) return undefined;
  const at = document.positionAt(insertion.offset);
  return quickFix(sv ? `Lägg till ${s.key}: ${s.value}` : `Add ${s.key}: ${s.value}`, m, document, language, [
    { range: { start: at, end: at }, newText: insertion.insert },
  ]);
}

function quickFix(title: string, m: Message, document: TextDocument, language: Language, edits: Array<{ range: Range; newText: string }>): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    isPreferred: true,
    diagnostics: [diagnosticOf(m, document, language)],
    edit: { changes: { [document.uri]: edits } },
  };
}

/** What the schemas say of the field at an offset of an open source (on its key too, for hover). */
function fieldAtPosition(document: TextDocument, offset: number, keys: boolean) {
  const text = document.getText();
  const doc = parseDocument(text);
  const typ: unknown = isMap(doc.contents) ? doc.contents.get('typ') : undefined;
  const type = sourceTypes.find((t) => t === typ);
  const at = pathAt(doc, text, offset);
  if (!type || !at || (at.onKey && !keys)) return undefined;
  return fieldHelp(type, at.path);
}

/** The ids of a register list, each with its name, from the register as the editor holds it (or as saved). */
function registerIds(folder: string, buffers: ReadonlyMap<string, string>, list: RegisterList): CompletionItem[] {
  const file = join(folder, 'register.yaml');
  const data = readSource(file, folder, buffers.get(file)).source?.data as Partial<Record<string, Array<{ id?: unknown; namn?: unknown }>>> | undefined;
  const lists = list === 'personer-eller-organ' ? ['personer', 'organ'] : [list];
  return lists.flatMap((name) =>
    (Array.isArray(data?.[name]) ? data[name] : [])
      .filter((entry) => typeof entry?.id === 'string')
      .map((entry) => ({ label: String(entry.id), kind: CompletionItemKind.Value, ...(typeof entry.namn === 'string' && { detail: entry.namn }) })),
  );
}
