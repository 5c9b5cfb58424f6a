import type { ErrorObject, ValidateFunction } from 'ajv';
import { formatNumber } from '../core/format.ts';
import { createMessage, defineRule, type Language, type Message, type Rule, type Suggestion, type Words } from '../core/message.ts';
import type { SourceType } from '../core/model.ts';
import { type PathSegment, positionOf, type SourceFile } from '../load/source-file.ts';
import { closest } from './closest.ts';
import { fieldHelp, type RegisterList } from './schema-fields.ts';
import { validatorFor } from './schemas.ts';

/** Where in the source a schema problem is: a field name, or an item of a list. */
export interface FieldRef {
  name?: string;
  index?: number;
}

/** What was found, described by each language in its own words. */
export type Found =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'scalar'; text: string }
  | { kind: 'list'; count: number }
  | { kind: 'object'; keys: string[] };

/** Every schema problem names its field and may carry the field's description from the schema (Swedish). */
interface Base {
  field: FieldRef;
  description?: string;
}

/** How each language speaks of fields, values and types in schema messages. */
const speech: Record<
  Language,
  {
    where: (field: FieldRef, fallback?: string) => string;
    describe: (found: Found) => string;
    typeName: (type: string) => string;
  }
> = {
  sv: {
    where: (field, fallback = '') =>
      !field.name ? fallback : field.index === undefined ? `fältet "${field.name}"` : `post ${field.index + 1} i "${field.name}"`,
    describe: (found) => {
      switch (found.kind) {
        case 'none':
          return 'inget värde';
        case 'text':
          return `"${found.text}"`;
        case 'scalar':
          return found.text;
        case 'list':
          return `en lista med ${found.count} poster`;
        case 'object':
          return found.keys.length === 0 ? 'ett tomt objekt' : `ett objekt med ${found.keys.map((k) => `"${k}"`).join(', ')}`;
      }
    },
    typeName: (type) =>
      ({
        string: 'en text',
        integer: 'ett heltal',
        number: 'ett tal',
        boolean: 'true eller false',
        object: 'ett objekt (nycklar med värden)',
        array: 'en lista (rader som börjar med "- ")',
        null: 'inget värde',
      })[type] ?? type,
  },
  en: {
    where: (field, fallback = '') =>
      !field.name ? fallback : field.index === undefined ? `the field "${field.name}"` : `item ${field.index + 1} of "${field.name}"`,
    describe: (found) => {
      switch (found.kind) {
        case 'none':
          return 'no value';
        case 'text':
          return `"${found.text}"`;
        case 'scalar':
          return found.text;
        case 'list':
          return `a list of ${found.count} items`;
        case 'object':
          return found.keys.length === 0 ? 'an empty object' : `an object with ${found.keys.map((k) => `"${k}"`).join(', ')}`;
      }
    },
    typeName: (type) =>
      ({
        string: 'a text',
        integer: 'a whole number',
        number: 'a number',
        boolean: 'true or false',
        object: 'an object (keys with values)',
        array: 'a list (lines starting with "- ")',
        null: 'no value',
      })[type] ?? type,
  },
};
const sv = speech.sv;
const en = speech.en;
/** A Swedish adjective agreeing with the subject: "fältet" is neuter ("tomt"), "post 2" and the fallbacks used here are not ("tom"). */
const agreeing = (field: FieldRef, common: string, neuter: string) => (field.name !== undefined && field.index === undefined ? neuter : common);
const subject = (language: Language, field: FieldRef, fallback: string) => {
  const text = speech[language].where(field, fallback);
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** A schema rule: its words in both languages, made from the ajv error's parameters. */
function schemaRule<P extends Base>(name: string, words: Record<Language, (p: P) => Words>, suggest?: (p: P) => Suggestion | undefined): Rule<P> {
  return defineRule<P>(`schema/${name}`, 'error', words, suggest);
}

const required = schemaRule<Base & { missing: string }>('required', {
  sv: ({ field, missing, description }) => ({
    reason: `Fältet "${missing}" saknas${field.name ? ` i ${sv.where(field)}` : ''}.`,
    fix: `Lägg till ${missing}:${description ? ` ${description}` : ' med ett värde.'}`,
  }),
  en: ({ field, missing }) => ({
    reason: `The field "${missing}" is missing${field.name ? ` in ${en.where(field)}` : ''}.`,
    fix: `Add ${missing}: with a value.`,
  }),
});
const requiredOneOf = schemaRule<Base & { missing: string[] }>('required-one-of', {
  sv: ({ field, missing }) => ({
    reason: `${subject('sv', field, 'filen')} behöver ett av fälten ${orList(
      missing.map((m) => `"${m}"`),
      'eller',
    )}.`,
    fix: `Lägg till ${orList(
      missing.map((m) => `${m}:`),
      'eller',
    )} med ett värde.`,
  }),
  en: ({ field, missing }) => ({
    reason: `${subject('en', field, 'the file')} needs one of the fields ${orList(
      missing.map((m) => `"${m}"`),
      'or',
    )}.`,
    fix: `Add ${orList(
      missing.map((m) => `${m}:`),
      'or',
    )} with a value.`,
  }),
});
/** "a", "a eller b", "a, b eller c". */
const orList = (items: string[], or: string) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}`);
const unknownKey = schemaRule<Base & { key: string; guess?: string; allowed: string[] }>(
  'unknown-key',
  {
    sv: ({ field, key, guess, allowed }) => ({
      reason: `Okänd nyckel "${key}"${field.name ? ` i ${sv.where(field)}` : ''}.${guess ? ` Menade du "${guess}"?` : ''}`,
      fix: guess ? `Byt "${key}" mot "${guess}".` : `Ta bort nyckeln. Tillåtna nycklar här: ${allowed.join(', ')}.`,
    }),
    en: ({ field, key, guess, allowed }) => ({
      reason: `Unknown key "${key}"${field.name ? ` in ${en.where(field)}` : ''}.${guess ? ` Did you mean "${guess}"?` : ''}`,
      fix: guess ? `Replace "${key}" with "${guess}".` : `Remove the key. Keys allowed here: ${allowed.join(', ')}.`,
    }),
  },
  ({ key, guess }) => (guess ? { kind: 'replace', text: key, replacement: guess } : undefined),
);
const type = schemaRule<Base & { expected: string[]; found: Found }>('type', {
  sv: ({ field, expected, found, description }) => ({
    reason: `${subject('sv', field, 'värdet')} har fel typ: väntade ${expected.map(sv.typeName).join(' eller ')}, hittade ${sv.describe(found)}.`,
    fix: `Skriv ${expected.map(sv.typeName).join(' eller ')}.${description ? ` ${description}` : ''}`,
  }),
  en: ({ field, expected, found }) => ({
    reason: `${subject('en', field, 'the value')} has the wrong type: expected ${expected.map(en.typeName).join(' or ')}, found ${en.describe(found)}.`,
    fix: `Write ${expected.map(en.typeName).join(' or ')}.`,
  }),
});
const enumeration = schemaRule<Base & { found: Found; allowed: string[]; guess?: string }>(
  'enum',
  {
    sv: ({ field, found, allowed, guess }) => ({
      reason: `Otillåtet värde ${sv.describe(found)} för ${sv.where(field, 'fältet')}. Tillåtna värden: ${allowed.join(', ')}.`,
      fix: guess ? `Menade du "${guess}"?` : 'Välj ett av de tillåtna värdena.',
    }),
    en: ({ field, found, allowed, guess }) => ({
      reason: `${en.describe(found)} is not allowed for ${en.where(field, 'the field')}. Allowed values: ${allowed.join(', ')}.`,
      fix: guess ? `Did you mean "${guess}"?` : 'Choose one of the allowed values.',
    }),
  },
  ({ found, guess }) => (guess && found.kind === 'text' ? { kind: 'replace', text: found.text, replacement: guess } : undefined),
);
const constant = schemaRule<Base & { expected: Found; found: Found }>('const', {
  sv: ({ field, expected, found }) => ({
    reason: `${subject('sv', field, 'värdet')} ska vara ${sv.describe(expected)}, hittade ${sv.describe(found)}.`,
    fix: `Skriv ${sv.describe(expected)}, eller ta bort fältet om det är frivilligt.`,
  }),
  en: ({ field, expected, found }) => ({
    reason: `${subject('en', field, 'the value')} must be ${en.describe(expected)}, found ${en.describe(found)}.`,
    fix: `Write ${en.describe(expected)}, or remove the field if it is optional.`,
  }),
});
const format = schemaRule<Base & { format: string; found: Found }>('format', {
  sv: ({ field, format, found }) =>
    format === 'date'
      ? {
          reason: `${sv.describe(found)} är inget giltigt datum (${sv.where(field, 'datum')}).`,
          fix: 'Skriv ett datum som finns, i formen ÅÅÅÅ-MM-DD, t.ex. 2023-03-16.',
        }
      : { reason: `${sv.describe(found)} är ingen giltig e-postadress (${sv.where(field, 'e-post')}).`, fix: 'Skriv adressen som namn@exempel.se.' },
  en: ({ field, format, found }) =>
    format === 'date'
      ? {
          reason: `${en.describe(found)} is not a valid date (${en.where(field, 'date')}).`,
          fix: 'Write a date that exists, as YYYY-MM-DD, for example 2023-03-16.',
        }
      : { reason: `${en.describe(found)} is not a valid e-mail address (${en.where(field, 'e-mail')}).`, fix: 'Write the address as name@example.se.' },
});
/** The forms the schemas' patterns ask for (their $defs), as a fix says them in English; Swedish takes the schema's patternErrorMessage. */
const formsInEnglish: Record<string, string> = {
  id: 'Write the id in lower-case a–z, digits and hyphens, for example rufs-dialog.',
  ref: 'Write an id from the register (sources/register.yaml): lower-case a–z, digits and hyphens.',
  klockslag: 'Write the time as HH:MM, for example 08:30.',
};
const pattern = schemaRule<Base & { found: Found; guess?: string; form?: string; hint?: string }>(
  'pattern',
  {
    sv: ({ field, found, description, guess, hint }) => ({
      reason: `${sv.describe(found)} har fel form för ${sv.where(field, 'fältet')}.${guess ? ` Menade du "${guess}"?` : ''}`,
      fix: guess ? `Byt ${sv.describe(found)} mot "${guess}", id:t i registret.` : (hint ?? `Rätta värdets form.${description ? ` ${description}` : ''}`),
    }),
    en: ({ field, found, guess, form }) => ({
      reason: `${en.describe(found)} has the wrong form for ${en.where(field, 'the field')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
      fix: guess
        ? `Replace ${en.describe(found)} with "${guess}", its id in the register.`
        : ((form && formsInEnglish[form]) ?? 'Correct the form of the value.'),
    }),
  },
  ({ found, guess }) => (guess && found.kind === 'text' ? { kind: 'replace', text: found.text, replacement: guess } : undefined),
);
const emptyList = schemaRule<Base & { limit: number }>('empty-list', {
  sv: ({ field, limit }) => ({
    reason: `Listan${field.name ? ` "${field.name}"` : ''} ${limit === 1 ? 'är tom' : `är för kort: minst ${limit} poster behövs`}.`,
    fix: 'Lägg till poster i listan, eller ta bort fältet om det är frivilligt.',
  }),
  en: ({ field, limit }) => ({
    reason: `The list${field.name ? ` "${field.name}"` : ''} ${limit === 1 ? 'is empty' : `is too short: at least ${limit} items are needed`}.`,
    fix: 'Add items to the list, or remove the field if it is optional.',
  }),
});
const emptyText = schemaRule<Base>('empty-text', {
  sv: ({ field }) => ({
    reason: `${subject('sv', field, 'texten')} är ${agreeing(field, 'tom', 'tomt')}.`,
    fix: 'Skriv en text, eller ta bort fältet om det är frivilligt.',
  }),
  en: ({ field }) => ({ reason: `${subject('en', field, 'the text')} is empty.`, fix: 'Write a text, or remove the field if it is optional.' }),
});
const tooLong = schemaRule<Base & { length: number; limit: number }>('too-long', {
  sv: ({ field, length, limit }) => ({
    reason: `${subject('sv', field, 'texten')} är ${formatNumber(length)} tecken ${agreeing(field, 'lång', 'långt')}; högst ${formatNumber(limit)} tecken är tillåtet.`,
    fix: 'Korta texten eller dela upp den i flera stycken.',
  }),
  en: ({ field, length, limit }) => ({
    reason: `${subject('en', field, 'the text')} is ${length} characters long; at most ${limit} are allowed.`,
    fix: 'Shorten the text or split it into paragraphs.',
  }),
});
const tooManyItems = schemaRule<Base & { count: number; limit: number }>('too-many-items', {
  sv: ({ field, count, limit }) => ({
    reason: `Listan${field.name ? ` "${field.name}"` : ''} har ${formatNumber(count)} poster; högst ${formatNumber(limit)} är tillåtet.`,
    fix: 'Dela upp listan, till exempel i flera tabeller eller en bilaga.',
  }),
  en: ({ field, count, limit }) => ({
    reason: `The list${field.name ? ` "${field.name}"` : ''} has ${count} items; at most ${limit} are allowed.`,
    fix: 'Split the list, for example into several tables or a bilaga.',
  }),
});
const minimum = schemaRule<Base & { found: Found; limit: number }>('minimum', {
  sv: ({ field, found, limit, description }) => ({
    reason: `${subject('sv', field, 'talet')} är ${sv.describe(found)}, men ska vara minst ${limit}.`,
    fix: description ?? 'Rätta talet.',
  }),
  en: ({ field, found, limit }) => ({
    reason: `${subject('en', field, 'the number')} is ${en.describe(found)} but must be at least ${limit}.`,
    fix: 'Correct the number.',
  }),
});
const maximum = schemaRule<Base & { found: Found; limit: number }>('maximum', {
  sv: ({ field, found, limit, description }) => ({
    reason: `${subject('sv', field, 'talet')} är ${sv.describe(found)}, men ska vara högst ${limit}.`,
    fix: description ?? 'Rätta talet.',
  }),
  en: ({ field, found, limit }) => ({
    reason: `${subject('en', field, 'the number')} is ${en.describe(found)} but must be at most ${limit}.`,
    fix: 'Correct the number.',
  }),
});
const tooManyFields = schemaRule<Base & { found: Found }>('too-many-fields', {
  sv: ({ field, found, description }) => ({
    reason: `${subject('sv', field, 'posten')} har för många fält (${sv.describe(found)}).`,
    fix: description ?? 'Kontrollera vilka fält som ska stå här.',
  }),
  en: ({ field, found }) => ({
    reason: `${subject('en', field, 'the item')} has too many fields (${en.describe(found)}).`,
    fix: 'A content block has exactly one field, such as stycke or lista.',
  }),
});
const emptyObject = schemaRule<Base>('empty-object', {
  sv: ({ field, description }) => ({
    reason: `${subject('sv', field, 'posten')} är ${agreeing(field, 'tom', 'tomt')}.`,
    fix: description ?? 'Kontrollera vilka fält som ska stå här.',
  }),
  en: ({ field }) => ({ reason: `${subject('en', field, 'the item')} is empty.`, fix: 'Check which fields belong here.' }),
});
const anyOf = schemaRule<Base & { found: Found }>('any-of', {
  sv: ({ field, found, description }) => ({
    reason: `${subject('sv', field, 'värdet')} har fel form: hittade ${sv.describe(found)}.`,
    fix: description ?? 'Kontrollera fältets form.',
  }),
  en: ({ field, found }) => ({
    reason: `${subject('en', field, 'the value')} has the wrong form: found ${en.describe(found)}.`,
    fix: 'Check the form of the field in the schema.',
  }),
});
const other = schemaRule<Base & { detail: string }>('other', {
  sv: ({ field, detail }) => ({ reason: `${subject('sv', field, 'värdet')}: ${detail}.`, fix: 'Kontrollera fältet mot beskrivningen i schemat.' }),
  en: ({ field, detail }) => ({ reason: `${subject('en', field, 'the value')}: ${detail}.`, fix: 'Check the field against its description in the schema.' }),
});

/**
 * Validates a source against the schema of its type; returns one positioned
 * message per mistake. `idOf` finds the register's id for a name written
 * where an id was expected ("Tyresö", "Ebba Östlin"), among the entries of
 * the list the field takes, for the message to offer.
 */
export function checkSchema(
  source: SourceFile,
  type: SourceType,
  validate: ValidateFunction = validatorFor(type),
  idOf: (written: string, list?: RegisterList) => string | undefined = () => undefined,
): Message[] {
  if (validate(source.data)) return [];
  return innermostErrors(validate.errors ?? []).map((error) => toMessage(source, type, error, idOf));
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
    // Branches that each want a field of their own ("titel", or "program"): one mistake, one field of them to add.
    const wanted = errors.filter((e) => e.schemaPath.startsWith(`${anyOf.schemaPath}/`));
    if (wanted.length > 1 && wanted.every((e) => e.keyword === 'required' && e.instancePath === at)) {
      const alternatives = wanted.map((e) => (e.params as { missingProperty: string }).missingProperty);
      kept = [...kept.filter((e) => !wanted.includes(e)), { ...wanted[0]!, params: { missingProperty: alternatives[0], alternatives } }];
    }
  }
  const typos = kept.filter((e) => e.keyword === 'additionalProperties');
  kept = kept.filter((e) => {
    if (e.keyword !== 'required') return true;
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return !typos.some(
      (t) => t.instancePath === e.instancePath && closest((t.params as { additionalProperty: string }).additionalProperty, [missing]) === missing,
    );
  });
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toMessage(
  source: SourceFile,
  sourceType: SourceType,
  error: ErrorObject,
  idOf: (written: string, list?: RegisterList) => string | undefined,
): Message {
  const path = instancePath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const base = { field: fieldOf(path), ...(description !== undefined && { description }) };
  const found = foundOf(error.data);
  const at = (p: PathSegment[], key = false) => positionOf(source, p, key);
  const message = <P>(rule: Rule<P>, p: P, position = at(path)) => createMessage(rule, p, { file: source.path, ...position });
  switch (error.keyword) {
    case 'required': {
      if (Array.isArray(params.alternatives)) return message(requiredOneOf, { field: base.field, missing: params.alternatives as string[] });
      const missing = params.missingProperty as string;
      const schema = (error.parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[missing];
      return message(required, { field: base.field, missing, ...(schema?.description !== undefined && { description: schema.description }) });
    }
    case 'additionalProperties': {
      const key = params.additionalProperty as string;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(key, allowed);
      return message(unknownKey, { field: base.field, key, allowed, ...(guess !== undefined && { guess }) }, at([...path, key], true));
    }
    case 'type':
      return message(type, { ...base, expected: String(params.type).split(','), found });
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = closest(String(error.data), allowed);
      return message(enumeration, { ...base, found, allowed, ...(guess !== undefined && { guess }) });
    }
    case 'const':
      return message(constant, { ...base, expected: foundOf(params.allowedValue), found });
    case 'format':
      return message(format, { ...base, format: String(params.format), found });
    case 'pattern': {
      // A reference to the register written as a name, or with capitals or å, ä, ö.
      const form = /\/\$defs\/([a-z]+)\/pattern$/.exec(error.schemaPath)?.[1];
      const hint = (error.parentSchema as { patternErrorMessage?: string } | undefined)?.patternErrorMessage;
      // Among the entries of the list the field takes, as its schema marks it (a list's items each carry the mark).
      const list = form === 'ref' ? fieldHelp(sourceType, path)?.register : undefined;
      const guess = form === 'ref' && typeof error.data === 'string' ? idOf(error.data, list) : undefined;
      return message(pattern, { ...base, found, ...(guess !== undefined && { guess }), ...(form && { form }), ...(hint !== undefined && { hint }) });
    }
    case 'minItems':
      return message(emptyList, { ...base, limit: Number(params.limit) });
    case 'minLength':
      return message(emptyText, base);
    case 'maxLength':
      return message(tooLong, { ...base, length: String(error.data).length, limit: Number(params.limit) });
    case 'maxItems':
      // Pointed at the list's key: a long list's own position is where its first item starts, which says less.
      return message(tooManyItems, { ...base, count: (error.data as unknown[]).length, limit: Number(params.limit) }, at(path, true));
    case 'minimum':
      return message(minimum, { ...base, found, limit: Number(params.limit) });
    case 'maximum':
      return message(maximum, { ...base, found, limit: Number(params.limit) });
    case 'maxProperties':
      return message(tooManyFields, { ...base, found });
    case 'minProperties':
      return message(emptyObject, base);
    case 'anyOf':
    case 'oneOf':
      return message(anyOf, { ...base, found });
    default:
      return message(other, { ...base, detail: error.message ?? error.keyword });
  }
}

function instancePath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => {
      const key = s.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^\d+$/.test(key) ? Number(key) : key;
    });
}

/** The field a path points at: its name, and its index when it is an item of a list. */
function fieldOf(path: readonly PathSegment[]): FieldRef {
  const name = [...path].reverse().find((s): s is string => typeof s === 'string');
  const last = path[path.length - 1];
  return { ...(name !== undefined && { name }), ...(typeof last === 'number' && { index: last }) };
}

function foundOf(value: unknown): Found {
  if (value === null || value === undefined) return { kind: 'none' };
  if (typeof value === 'string') return { kind: 'text', text: value.length > 60 ? `${value.slice(0, 57)}…` : value };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', text: String(value) };
  if (Array.isArray(value)) return { kind: 'list', count: value.length };
  return { kind: 'object', keys: Object.keys(value) };
}
