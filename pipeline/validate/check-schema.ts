import type { ErrorObject } from 'ajv';
import { createMessage, type Message, type RuleId, type RuleParams } from '../messages/message.ts';
import type { FieldRef, Found } from '../messages/rules.ts';
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
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const base = { field: fieldOf(path), ...(description !== undefined && { description }) };
  const found = foundOf(error.data);
  const at = (p: PathSegment[], key = false) => positionOf(source, p, key);
  const message = <K extends RuleId>(ruleId: K, p: RuleParams[K], position = at(path)) => createMessage(source.path, position, ruleId, p);
  switch (error.keyword) {
    case 'required': {
      const missing = params.missingProperty as string;
      const schema = (error.parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[missing];
      return message('schema/required', { field: base.field, missing, ...(schema?.description !== undefined && { description: schema.description }) });
    }
    case 'additionalProperties': {
      const key = params.additionalProperty as string;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(key, allowed);
      return message('schema/unknown-key', { field: base.field, key, allowed, ...(guess !== undefined && { guess }) }, at([...path, key], true));
    }
    case 'type':
      return message('schema/type', { ...base, expected: String(params.type).split(','), found });
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = closest(String(error.data), allowed);
      return message('schema/enum', { ...base, found, allowed, ...(guess !== undefined && { guess }) });
    }
    case 'const':
      return message('schema/const', { ...base, expected: String(params.allowedValue), found });
    case 'format':
      return message('schema/format', { ...base, format: String(params.format), found });
    case 'pattern':
      return message('schema/pattern', { ...base, found });
    case 'minItems':
      return message('schema/empty-list', { ...base, limit: Number(params.limit) });
    case 'minLength':
      return message('schema/empty-text', base);
    case 'maxLength':
      return message('schema/too-long', { ...base, length: String(error.data).length, limit: Number(params.limit) });
    case 'maxItems':
      // Pointed at the list's key: a long list's own position is where its first item starts, which says less.
      return message('schema/too-many-items', { ...base, count: (error.data as unknown[]).length, limit: Number(params.limit) }, at(path, true));
    case 'minimum':
    case 'maximum':
      return message(`schema/${error.keyword}`, { ...base, found, limit: Number(params.limit) });
    case 'maxProperties':
      return message('schema/too-many-fields', { ...base, found });
    case 'minProperties':
      return message('schema/empty-object', base);
    case 'anyOf':
    case 'oneOf':
      return message('schema/any-of', { ...base, found });
    default:
      return message('schema/other', { ...base, detail: error.message ?? error.keyword });
  }
}

function instancePath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
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
