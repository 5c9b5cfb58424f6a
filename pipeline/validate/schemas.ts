import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { projectRoot } from '../paths.ts';

/** The source types that have a schema of their own: `typ` in the YAML names one of them. */
export const sourceTypes = ['verksamhetsplan', 'minnesanteckningar', 'tjansteskrivelse', 'arende', 'bilaga', 'register'] as const;
export type SourceType = (typeof sourceTypes)[number];

let compiled: Map<SourceType, ValidateFunction> | undefined;

/** Compiles every schema in schemas/ once (strict mode, all errors) and returns the validator for a source type. */
export function validatorFor(type: SourceType): ValidateFunction {
  compiled ??= compileSchemas(join(projectRoot, 'schemas'));
  return compiled.get(type)!;
}

function compileSchemas(dir: string): Map<SourceType, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
  addFormats.default(ajv, ['date', 'email']);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object, file);
  }
  return new Map(sourceTypes.map((type) => [type, ajv.getSchema(`${type}.schema.json`)!]));
}
