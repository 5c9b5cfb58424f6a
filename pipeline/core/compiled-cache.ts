import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from './paths.ts';

/** Where code compiled from the schemas and templates is kept between runs (ignored by git with the rest of node_modules). */
export const compiledCacheDir = join(projectRoot, 'node_modules', '.cache', 'handlingar');

const require = createRequire(import.meta.url);

/** How many compiled versions of the same files are kept (a few hundred kilobytes each). */
const KEPT_VERSIONS = 8;

/**
 * Compiles once what every command would otherwise compile at start: ajv's
 * validators and Handlebars' templates take a quarter of a second between
 * them. `compile` returns the compiled value and the same as the source of a
 * CommonJS module; the module is kept in `dir` under a hash of `inputs`
 * (the files compiled, the compiler's version and options), and next time
 * `fromModule` makes the value from it in a few milliseconds. A kept module
 * that cannot be read, or a cache that cannot be written, only means
 * compiling.
 */
export function compiledOnce<T>(
  name: string,
  inputs: unknown,
  compile: () => { value: T; code: string },
  fromModule: (exports: unknown) => T,
  dir = compiledCacheDir,
): T {
  const file = join(dir, `${name}-${createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16)}.cjs`);
  try {
    return fromModule(require(file));
  } catch {
    // not compiled yet, or a damaged file: compiled again below
  }
  const { value, code } = compile();
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    renameSync(`${file}.${process.pid}.tmp`, file);
    // Other versions of the same files are kept, the newest few: checkouts that share node_modules (git worktrees) each
    // compile their own, and removing all but the newest made each of them compile again at every command.
    const versions = readdirSync(dir)
      .filter((old) => old.startsWith(`${name}-`) && old.endsWith('.cjs') && join(dir, old) !== file)
      .map((old) => ({ path: join(dir, old), time: statSync(join(dir, old)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { path } of versions.slice(KEPT_VERSIONS - 1)) rmSync(path, { force: true });
  } catch {
    // a read-only installation compiles every time
  }
  return value;
}

/** The version of an installed package: part of what compiled code depends on. */
export function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}
