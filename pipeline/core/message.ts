import { forTerminal } from './text.ts';

/**
 * Everything that reports to a user is a `Message`: a problem in a source, a
 * failed print, a rule a PDF breaks, a command that cannot run. Each comes
 * from a `Rule`, defined once beside the code that checks it: its stable id,
 * whether it stops a document, and its words in Swedish and English.
 */

/** The languages messages are written in: Swedish (the default) and English (`--lang en`). */
export type Language = 'sv' | 'en';

/** What is wrong (what was expected, what was found) and how to fix it. */
export interface Words {
  reason: string;
  fix: string;
}

export type Severity = 'error' | 'warning';

/**
 * A change to the source that fixes what a message says, for an editor to
 * offer (`handlingar lsp`): the text at the message's place replaced (a
 * misspelt key, value or id by the one the message suggests), or a field
 * added to the object that holds the message's place.
 */
export type Suggestion = { kind: 'replace'; text: string; replacement: string } | { kind: 'add-field'; key: string; value: string };

/** A rule that can give a message; `P` is what its words are made from. */
export interface Rule<P> {
  /** Stable identifier, "family/name" (e.g. "budget/total-mismatch"): tools and tests rely on it. */
  readonly id: string;
  /** An error stops the document (or the command); a warning is reported and the document is built. */
  readonly severity: Severity;
  readonly words: Readonly<Record<Language, (params: P) => Words>>;
  /** The change that fixes it, when the params hold one (a did-you-mean). */
  readonly suggest?: (params: P) => Suggestion | undefined;
}

const defined = new Map<string, Rule<never>>();

/**
 * Defines a rule. Call it at the top level of the module whose code reports
 * it, so that its id, its words and its check are read together.
 */
export function defineRule<P = Record<string, never>>(
  id: string,
  severity: Severity,
  words: Record<Language, (params: P) => Words>,
  suggest?: (params: P) => Suggestion | undefined,
): Rule<P> {
  if (!/^[a-z-]+\/[a-z-]+$/.test(id)) throw new Error(`rule id "${id}" is not of the form family/name`);
  if (defined.has(id)) throw new Error(`rule ${id} is defined twice`);
  const rule: Rule<P> = { id, severity, words, ...(suggest && { suggest }) };
  defined.set(id, rule as Rule<never>);
  return rule;
}

/** Every rule the modules loaded so far define, by id. */
export function definedRules(): ReadonlyMap<string, Rule<never>> {
  return defined;
}

/** Where a message points: a file, and in a source the line and column of the offending YAML node (1-based). */
export interface Place {
  file?: string;
  line?: number;
  column?: number;
}

/** A problem found, with the place it was found, in words for a person and as data for tools. */
export interface Message extends Place {
  ruleId: string;
  severity: Severity;
  /** What is wrong and how to fix it, in each language. */
  text: Record<Language, Words>;
  /** The fix as a change an editor can make, when the rule knows one. */
  suggestion?: Suggestion;
}

/** A message of `rule` at `place`, in every language. */
export function createMessage<P>(rule: Rule<P>, params: P, place: Place = {}): Message {
  const text = { sv: rule.words.sv(params), en: rule.words.en(params) };
  const suggestion = rule.suggest?.(params);
  return { ...place, ruleId: rule.id, severity: rule.severity, text, ...(suggestion && { suggestion }) };
}

/**
 * An error that carries a message for the user: no Chromium, an output folder
 * another build holds, a print that took too long. Whoever catches it says
 * the message in the user's language (the command line, exiting with 2; a
 * build, as the message of the document that failed).
 */
export class MessageError extends Error {
  constructor(readonly report: Message) {
    super(report.text.en.reason);
    this.name = 'MessageError';
  }
}

/** A MessageError for `rule`, to throw. */
export function messageError<P>(rule: Rule<P>, params: P, place: Place = {}): MessageError {
  return new MessageError(createMessage(rule, params, place));
}

/** True when any of the messages is an error. */
export function hasErrors(messages: readonly Message[]): boolean {
  return messages.some((m) => m.severity === 'error');
}

/** Where a message points, as a terminal shows it: "sources/x.yaml:12:5", "out.pdf", or nothing. */
export function placeOf(m: Place): string {
  if (m.file === undefined) return '';
  return m.line === undefined ? m.file : `${m.file}:${m.line}:${m.column ?? 1}`;
}

/** Formats a message for a terminal: `file:line:column  fel  reason  [rule]`, then the fix. */
export function formatMessage(m: Message, language: Language = 'sv'): string {
  const { reason, fix } = m.text[language];
  const label = language === 'sv' ? (m.severity === 'error' ? 'fel' : 'varning') : m.severity;
  const place = placeOf(m);
  // Words quote what sources say: nothing in them may act on a terminal.
  return forTerminal(`${place ? `${place}  ` : ''}${label}  ${reason}  [${m.ruleId}]\n    ${language === 'sv' ? 'Åtgärd' : 'Fix'}: ${fix}`);
}

/** Sorts messages by file, line and column so output is stable. */
export function sortMessages(messages: readonly Message[]): Message[] {
  return [...messages].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId),
  );
}

/** A message as one JSON object for tools (`--format json`, the build's index.json); a place not known is left out of the JSON. */
export interface MessageJson {
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  ruleId: string;
  severity: Severity;
  message: string;
  fix: string;
}

/** A message as one JSON object for tools (`--format json`). */
export function messageJson(m: Message, language: Language): MessageJson {
  const { reason, fix } = m.text[language];
  return { file: m.file, line: m.line, column: m.column, ruleId: m.ruleId, severity: m.severity, message: reason, fix };
}
