/**
 * Every rule that can produce a message, with the parameters its message is
 * made from. The id is stable (tools and tests rely on it); the words live in
 * one catalog per language (sv.ts, en.ts), which TypeScript keeps complete.
 */

/** Where in the source a schema problem is: a field name, or an item of a list. */
export interface FieldRef { name?: string; index?: number }

/** What was found, described by each language in its own words. */
export type Found =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'scalar'; text: string }
  | { kind: 'list'; count: number }
  | { kind: 'object'; keys: string[] };

interface Id { id: string; guess?: string }
interface SchemaBase { field: FieldRef; description?: string }

export interface RuleParams {
  'load/unreadable': { code: string };
  'load/encoding': Record<string, never>;
  'load/bom': Record<string, never>;
  'load/too-large': { megabytes: number; limit: number };
  'load/unknown-type': { typ?: string; types: string[] };
  'yaml/tab': Record<string, never>;
  'yaml/duplicate-key': { key: string };
  'yaml/syntax': { code: string; detail: string };
  'yaml/unclosed-quote': Record<string, never>;
  'yaml/aliases': Record<string, never>;
  'schema/required': SchemaBase & { missing: string };
  'schema/unknown-key': SchemaBase & { key: string; guess?: string; allowed: string[] };
  'schema/type': SchemaBase & { expected: string[]; found: Found };
  'schema/enum': SchemaBase & { found: Found; allowed: string[]; guess?: string };
  'schema/const': SchemaBase & { expected: string; found: Found };
  'schema/format': SchemaBase & { format: string; found: Found };
  'schema/pattern': SchemaBase & { found: Found };
  'schema/empty-list': SchemaBase & { limit: number };
  'schema/empty-text': SchemaBase;
  'schema/too-long': SchemaBase & { length: number; limit: number };
  'schema/too-many-items': SchemaBase & { count: number; limit: number };
  'schema/minimum': SchemaBase & { found: Found; limit: number };
  'schema/maximum': SchemaBase & { found: Found; limit: number };
  'schema/too-many-fields': SchemaBase & { found: Found };
  'schema/empty-object': SchemaBase;
  'schema/any-of': SchemaBase & { found: Found };
  'schema/other': SchemaBase & { detail: string };
  'ref/unknown-person': Id;
  'ref/unknown-kommun': Id;
  'ref/unknown-organ': Id;
  'ref/unknown-person-eller-organ': Id;
  'id/duplicate': { id: string; firstLine: number };
  'budget/fee-mismatch': { typed: number; perCapita: number; inhabitants: number; computed: number };
  'budget/missing-amount': { text: string };
  'budget/total-mismatch': { side: 'intakter' | 'kostnader'; typed: number; computed: number };
  'budget/unbalanced': { income: number; costs: number };
  'budget/duplicate': { count: number };
  'calendar/order': { date: string; previous: string };
  'calendar/range': { from: string; to: string };
  'calendar/year': { date: string; year: number };
  'calendar/weekday': { date: string; day: string; body: string; usual: string };
  'calendar/title': Record<string, never>;
  'date/after-document': { what: 'beslut' | 'avgiftsbeslut' | 'val'; date: string; documentDate: string };
  'date/next-meeting': { next: string; date: string };
  'date/previous-decision': { previous: string; date: string };
  'plan/missing-decision': Record<string, never>;
  'bilaga/source': { title: string; count: number };
  'bilaga/missing-pdf': { fil: string };
  'bilaga/pdf-order': { title: string };
  'bilaga/missing-file': { fil: string };
  'minutes/duplicate-attendee': { id: string };
  'minutes/present-and-absent': { id: string };
  'minutes/justerare-not-present': { id: string };
  'minutes/chair-not-present': { id: string };
  'minutes/decision-text': Record<string, never>;
  'tjansteskrivelse/unknown-arende': { id: string };
  'arende/placeholder': { name: string; allowed: string[] };
  'register/duplicate-person': { name: string; firstId: string };
  'register/duplicate': { first: string };
  'register/missing': Record<string, never>;
  'fill-in/final': { count: number };
  'output/name-clash': { fileName: string; other: string };
  'print/blocked-request': { urls: string[] };
  'print/failed': { error: string };
  'edition/final-changed': { id: string; version: number };
  'edition/pdf-differs': { id: string };
  'edition/archive-failed': { error: string };
}

export type RuleId = keyof RuleParams;

/** A language's words for every rule: what is wrong, and how to fix it. */
export type Catalog = { [K in RuleId]: (p: RuleParams[K]) => { reason: string; fix: string } };

/** Rules that warn rather than stop a document; every other rule is an error. */
export const warnings: ReadonlySet<RuleId> = new Set<RuleId>(['load/bom', 'budget/unbalanced', 'calendar/year', 'calendar/weekday', 'print/blocked-request', 'edition/pdf-differs']);
