import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceType } from '../core/model.ts';
import { projectRoot } from '../core/paths.ts';
import type { PathSegment } from '../load/source-file.ts';

/** The register list a field's ids come from, as its schema marks it (`"register": "kommuner"`). */
export type RegisterList = 'kommuner' | 'personer' | 'organ' | 'personer-eller-organ';

/** What the schemas say of one field, for an editor: its own description and examples, and the register list its ids come from. */
export interface FieldHelp {
  description?: string;
  examples: unknown[];
  register?: RegisterList;
}

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema | boolean>;
  items?: Schema;
  anyOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  examples?: unknown[];
  register?: RegisterList;
}

/** A schema and the file it is in, which its `$ref`s are relative to. */
type Located = { schema: Schema; file: string };

const files = new Map<string, Schema>();

function schemaFile(file: string): Schema {
  let schema = files.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(projectRoot, 'schemas', file), 'utf8')) as Schema;
    files.set(file, schema);
  }
  return schema;
}

/** The schema a `$ref` ("definitions.schema.json#/$defs/ref", "#/$defs/ref") points to. */
function resolveRef({ schema, file }: Located): Located | undefined {
  if (schema.$ref === undefined) return undefined;
  const [target, pointer = ''] = schema.$ref.split('#');
  const at = target || file;
  let node: unknown = schemaFile(at);
  for (const key of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[key];
  return typeof node === 'object' && node !== null ? { schema: node as Schema, file: at } : undefined;
}

/** A schema with everything it stands for: itself first, then what its $ref and its allOf and anyOf branches lead to. */
function expand(located: Located): Located[] {
  const referred = resolveRef(located);
  const branches = [...(located.schema.allOf ?? []), ...(located.schema.anyOf ?? [])].map((schema) => ({ schema, file: located.file }));
  return [located, ...(referred ? expand(referred) : []), ...branches.flatMap(expand)];
}

/** The schemas a path leads to in a source of `type`, the field's own first. */
function schemasAt(type: SourceType, path: readonly PathSegment[]): Located[] {
  let current = expand({ schema: schemaFile(`${type}.schema.json`), file: `${type}.schema.json` });
  for (const segment of path) {
    current = current.flatMap(({ schema, file }) => {
      const next = typeof segment === 'number' ? schema.items : schema.properties?.[segment];
      return typeof next === 'object' ? expand({ schema: next, file }) : [];
    });
  }
  return current;
}

/**
 * What the schemas say of the field at `path` in a source of `type`: the
 * description written beside the field (else its definition's), its
 * examples, and the register list its ids come from. An item of a list is
 * described as its list is, unless it has a description of its own; its
 * examples are its own, else its list's.
 */
export function fieldHelp(type: SourceType, path: readonly PathSegment[]): FieldHelp | undefined {
  const schemas = schemasAt(type, path);
  if (schemas.length === 0) return undefined;
  const listed = typeof path.at(-1) === 'number' && schemas[0]!.schema.description === undefined;
  const described = listed ? schemasAt(type, path.slice(0, -1)) : schemas;
  const description = described.find((s) => s.schema.description)?.schema.description;
  const examples = [...schemas, ...described].find((s) => s.schema.examples)?.schema.examples ?? [];
  const register = schemas.find((s) => s.schema.register)?.schema.register;
  return { ...(description !== undefined && { description }), examples, ...(register && { register }) };
}
