import type { ErrorObject } from 'ajv';
import { createMessage, type Message } from '../messages.ts';
import { positionOf, type PathSegment, type SourceFile } from '../load/source-file.ts';
import { closest } from './closest.ts';
import { validatorFor, type SourceType } from './schemas.ts';

/** Validates a source against the schema of its type; returns one positioned message per mistake. */
export function checkSchema(source: SourceFile, type: SourceType): Message[] {
  const validate = validatorFor(type);
  if (validate(source.data)) return [];
  return innermostErrors(validate.errors ?? []).map((error) => toMessage(source, error));
}

/**
 * Keeps one error per mistake. A failed anyOf reports every branch; we keep the
 * branch errors that go beyond "wrong type" (the branch the author meant), or
 * the anyOf alone when every branch only disagrees on type. A missing required
 * key explained by a misspelt key beside it is dropped in favour of the typo.
 */
export function innermostErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    // Branch errors are those at or below the anyOf's instance (ajv reports them before it).
    const at = anyOf.instancePath;
    const branch = kept.filter((e) => e !== anyOf && (e.instancePath === at || e.instancePath.startsWith(`${at}/`)));
    const meaningful = branch.filter((e) => !(e.keyword === 'type' && e.instancePath === at));
    const drop = new Set(meaningful.length > 0 ? [...branch.filter((e) => !meaningful.includes(e)), anyOf] : branch);
    kept = kept.filter((e) => !drop.has(e));
  }
  const typos = kept.filter((e) => e.keyword === 'additionalProperties');
  kept = kept.filter((e) => {
    if (e.keyword !== 'required') return true;
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return !typos.some((t) => t.instancePath === e.instancePath &&
      closest((t.params as { additionalProperty: string }).additionalProperty, [missing]) === missing);
  });
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function toMessage(source: SourceFile, error: ErrorObject): Message {
  const path = instancePath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const field = describePath(path);
  const found = describeValue(error.data);
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const at = (p: PathSegment[], key = false) => positionOf(source, p, key);
  const ruleId = `schema/${ruleNames[error.keyword] ?? error.keyword.toLowerCase()}`;
  switch (error.keyword) {
    case 'required': {
      const missing = params.missingProperty as string;
      const schema = (error.parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[missing];
      return createMessage(source.path, at(path), ruleId, `Fältet "${missing}" saknas${field ? ` i ${field}` : ''}.`,
        `Lägg till ${missing}:${schema?.description ? ` ${schema.description}` : ' med ett värde.'}`);
    }
    case 'additionalProperties': {
      const key = params.additionalProperty as string;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(key, allowed);
      return createMessage(source.path, at([...path, key], true), ruleId,
        `Okänd nyckel "${key}"${field ? ` i ${field}` : ''}.${guess ? ` Menade du "${guess}"?` : ''}`,
        guess ? `Byt "${key}" mot "${guess}".` : `Ta bort nyckeln. Tillåtna nycklar här: ${allowed.join(', ')}.`);
    }
    case 'type':
      return createMessage(source.path, at(path), ruleId,
        `${capital(field || 'värdet')} har fel typ: väntade ${typeName(params.type as string)}, hittade ${found}.`,
        description ?? `Skriv ${typeName(params.type as string)}.`);
    case 'enum':
      return createMessage(source.path, at(path), ruleId,
        `Otillåtet värde ${found} för ${field || 'fältet'}. Tillåtna värden: ${(params.allowedValues as unknown[]).join(', ')}.`,
        closest(String(error.data), (params.allowedValues as unknown[]).map(String))
          ? `Menade du "${closest(String(error.data), (params.allowedValues as unknown[]).map(String))}"?`
          : 'Välj ett av de tillåtna värdena.');
    case 'const':
      return createMessage(source.path, at(path), ruleId,
        `${capital(field || 'värdet')} ska vara ${JSON.stringify(params.allowedValue)}, hittade ${found}.`,
        `Skriv ${JSON.stringify(params.allowedValue)}.`);
    case 'format':
      return createMessage(source.path, at(path), ruleId,
        params.format === 'date'
          ? `${found} är inget giltigt datum (${field || 'datum'}).`
          : `${found} är ingen giltig e-postadress (${field || 'e-post'}).`,
        params.format === 'date' ? 'Skriv ett datum som finns, i formen ÅÅÅÅ-MM-DD, t.ex. 2023-03-16.' : 'Skriv adressen som namn@exempel.se.');
    case 'pattern':
      return createMessage(source.path, at(path), ruleId, `${found} har fel form för ${field || 'fältet'}.`,
        description ?? `Värdet ska matcha mönstret ${String(params.pattern)}.`);
    case 'minItems':
      return createMessage(source.path, at(path), ruleId,
        `Listan${field ? ` ${field.replace(/^fältet /, '')}` : ''} ${params.limit === 1 ? 'är tom' : `är för kort: minst ${String(params.limit)} poster behövs`}.`,
        'Lägg till poster i listan, eller ta bort fältet om det är frivilligt.');
    case 'minLength':
      return createMessage(source.path, at(path), ruleId, `${capital(field || 'texten')} är tom.`, 'Skriv en text, eller ta bort fältet om det är frivilligt.');
    case 'minimum':
    case 'maximum':
      return createMessage(source.path, at(path), ruleId,
        `${capital(field || 'talet')} är ${found}, men ska vara ${error.keyword === 'minimum' ? 'minst' : 'högst'} ${String(params.limit)}.`,
        description ?? 'Rätta talet.');
    case 'minProperties':
    case 'maxProperties':
      return createMessage(source.path, at(path), ruleId,
        error.keyword === 'maxProperties'
          ? `${capital(field || 'posten')} har för många fält (${found}).`
          : `${capital(field || 'posten')} är tom.`,
        description ?? 'Kontrollera vilka fält som ska stå här.');
    case 'anyOf':
    case 'oneOf':
      return createMessage(source.path, at(path), ruleId, `${capital(field || 'värdet')} har fel form: hittade ${found}.`,
        description ?? 'Kontrollera fältets form i schemat.');
    default:
      return createMessage(source.path, at(path), ruleId, `${capital(field || 'värdet')}: ${error.message ?? 'ogiltigt'}.`);
  }
}

/** Stable, kebab-case rule ids for ajv's keywords. */
const ruleNames: Record<string, string> = {
  additionalProperties: 'unknown-key', minItems: 'empty-list', minLength: 'empty-text', maxProperties: 'too-many-fields',
  minProperties: 'empty-object', anyOf: 'any-of', oneOf: 'any-of',
};

function instancePath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
    const key = s.replaceAll('~1', '/').replaceAll('~0', '~');
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

/** "sektioner[2].innehall[0]" becomes 'fältet "innehall" (sektioner 3, innehall 1)'. */
function describePath(path: readonly PathSegment[]): string {
  const name = [...path].reverse().find((s): s is string => typeof s === 'string');
  if (!name) return '';
  const last = path[path.length - 1];
  return typeof last === 'number' ? `post ${last + 1} i "${name}"` : `fältet "${name}"`;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'inget värde';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `en lista med ${value.length} poster`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'ett tomt objekt' : `ett objekt med ${keys.map((k) => `"${k}"`).join(', ')}`;
}

const typeNames: Record<string, string> = {
  string: 'en text', integer: 'ett heltal', number: 'ett tal', boolean: 'true eller false',
  object: 'ett objekt (nycklar med värden)', array: 'en lista (rader som börjar med "- ")', null: 'inget värde',
};

function typeName(type: string): string {
  return type.split(',').map((t) => typeNames[t] ?? t).join(' eller ');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
