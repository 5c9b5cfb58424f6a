import { en } from './en.ts';
import { warnings, type Catalog, type RuleId, type RuleParams } from './rules.ts';
import { sv } from './sv.ts';

export type { RuleId, RuleParams } from './rules.ts';

/** A problem found in a source, with the place it was found, in words for a person and as data for tools. */
export interface Message {
  /** Path of the source file, relative to the working directory. */
  file: string;
  /** 1-based line and column of the offending YAML node (1:1 when unknown). */
  line: number;
  column: number;
  /** Stable identifier of the rule, e.g. "schema/required". */
  ruleId: RuleId;
  severity: 'error' | 'warning';
  /** What is wrong, in Swedish: what was expected and what was found. */
  reason: string;
  /** How to fix it, in Swedish. */
  fix: string;
  /** What the words were made from, so they can be said in another language. */
  params: RuleParams[RuleId];
}

export type Language = 'sv' | 'en';
const catalogs: Record<Language, Catalog> = { sv, en };

/** Builds a message for a rule at a position; the words come from the Swedish catalog. */
export function createMessage<K extends RuleId>(
  file: string, position: { line: number; column: number }, ruleId: K, params: RuleParams[K],
): Message {
  const { reason, fix } = sv[ruleId](params);
  return { file, line: position.line, column: position.column, ruleId, severity: warnings.has(ruleId) ? 'warning' : 'error', reason, fix, params };
}

/** The message's reason and fix in a language. */
export function wordsOf(m: Message, language: Language): { reason: string; fix: string } {
  if (language === 'sv') return { reason: m.reason, fix: m.fix };
  return (catalogs[language][m.ruleId] as (p: RuleParams[RuleId]) => { reason: string; fix: string })(m.params);
}

/** True when any of the messages is an error. */
export function hasErrors(messages: readonly Message[]): boolean {
  return messages.some((m) => m.severity === 'error');
}

/** Formats a message for a terminal: `file:line:column  fel  reason  [rule]`, then the fix. */
export function formatMessage(m: Message, language: Language = 'sv'): string {
  const { reason, fix } = wordsOf(m, language);
  const label = language === 'sv' ? (m.severity === 'error' ? 'fel' : 'varning') : m.severity;
  return `${m.file}:${m.line}:${m.column}  ${label}  ${reason}  [${m.ruleId}]\n    ${language === 'sv' ? 'Åtgärd' : 'Fix'}: ${fix}`;
}

/** Sorts messages by file, line and column so output is stable. */
export function sortMessages(messages: readonly Message[]): Message[] {
  return [...messages].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
