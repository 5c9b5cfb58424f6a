import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { compiledOnce, packageVersion } from '../core/compiled-cache.ts';
import { type SourceType, sourceTypes } from '../core/model.ts';
import { projectRoot } from '../core/paths.ts';

export type Validators = Map<SourceType, ValidateFunction>;

let validators: Validators | undefined;

/** The validator for a source type, from the schemas in schemas/ (strict mode, all errors). */
export function validatorFor(type: SourceType): ValidateFunction {
  validators ??= loadValidators(join(projectRoot, 'schemas'));
  return validators.get(type)!;
}

const options = { allErrors: true, strict: true, verbose: true } as const;

/**
 * The validators for the schemas in `schemasDir`, compiled by ajv once
 * (about 0.2 s) and kept as ajv's standalone code (see compiledOnce).
 */
export function loadValidators(schemasDir: string, cacheDir?: string): Validators {
  const schemas = readdirSync(schemasDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(schemasDir, file), 'utf8') }));
  return compiledOnce(
    'validators',
    [packageVersion('ajv'), packageVersion('ajv-formats'), options, schemas],
    () => compileValidators(schemas),
    (module) => new Map(sourceTypes.map((type) => [type, functionOf((module as Record<SourceType, ValidateFunction>)[type])])),
    cacheDir,
  );
}

/** Compiles the schemas; returns the validators and their code as a module of its own. */
export function compileValidators(schemas: ReadonlyArray<{ file: string; text: string }>): { value: Validators; code: string } {
  // Loaded only to compile (once for a version of the schemas): a command otherwise runs ajv's kept standalone code alone.
  const require = createRequire(import.meta.url);
  const { Ajv } = require('ajv') as typeof import('ajv');
  const standaloneCode = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  const addFormats = require('ajv-formats') as typeof import('ajv-formats');
  const ajv = new Ajv({ ...options, code: { source: true } });
  addFormats.default(ajv, ['date', 'email']);
  // Said for editors, not checked: the register list a field's ids come from (see schema-fields.ts) and yaml-language-server's Swedish message.
  ajv.addVocabulary(['register', 'patternErrorMessage']);
  for (const { file, text } of schemas) ajv.addSchema(JSON.parse(text) as object, file);
  const value = new Map(sourceTypes.map((type) => [type, ajv.getSchema(`${type}.schema.json`)!]));
  return { value, code: standaloneCode.default(ajv, Object.fromEntries(sourceTypes.map((type) => [type, `${type}.schema.json`]))) };
}

function functionOf(value: ValidateFunction | undefined): ValidateFunction {
  if (typeof value !== 'function') throw new Error('a validator is missing from the kept module');
  return value;
}
