import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    writeWhole(file, code);
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

/**
 * Writes `text` to `path` whole, so that another process reads all of it or
 * the file before: into a temporary file named apart from every other
 * writer's (processes of other machines or containers sharing the folder
 * included), then renamed.
 */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** The version of an installed package: part of what compiled code depends on. */
export function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/**
 * How many values `keep` keeps of one kind, and how many bytes of them at
 * most: the newest, by the time they were written. A project's sources are
 * a few hundred (a batch of letters for eight municipalities, year after
 * year), each kept in a few kilobytes.
 */
const KEPT = { values: 4096, bytes: 64 * 2 ** 20 };
/** Values of each kind kept by this process: its folder is tidied at the first and at every 64th (a batch of new sources keeps hundreds). */
const keptHere = new Map<string, number>();
/** A temporary file left by a process that never renamed it (it was killed) is removed after this long. */
const STALE_MS = 10 * 60_000;

/** A value kept by `keep` under `key`, or undefined when there is none (or it cannot be read). */
export function kept(kind: string, key: string, dir = compiledCacheDir): string | undefined {
  try {
    return readFileSync(join(dir, kind, key), 'utf8');
  } catch {
    return undefined;
  }
}

/** A value kept by `keep` under `key` read as JSON, or undefined when there is none (or it cannot be read, or is not JSON). */
export function keptJson(kind: string, key: string, dir = compiledCacheDir): unknown {
  const text = kept(kind, key, dir);
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Keeps `value` under `key` (written whole: another process reads all of
 * it or nothing), and lets the oldest of the kind go beyond the newest
 * `limits` (give or take the 64 values a process keeps between two
 * tidyings). A cache that cannot be written only means the value is made
 * again next time.
 */
export function keep(kind: string, key: string, value: string, dir = compiledCacheDir, limits = KEPT): void {
  const folder = join(dir, kind);
  try {
    mkdirSync(folder, { recursive: true });
    writeWhole(join(folder, key), value);
    const count = keptHere.get(kind) ?? 0;
    keptHere.set(kind, count + 1);
    if (count % 64 !== 0) return;
    const files = readdirSync(folder).map((name) => ({ name, path: join(folder, name), stat: statSync(join(folder, name)) }));
    for (const { name, path, stat } of files) if (name.endsWith('.tmp') && Date.now() - stat.mtimeMs > STALE_MS) rmSync(path, { force: true });
    const newestFirst = files.filter(({ name }) => !name.endsWith('.tmp')).sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs);
    let bytes = 0;
    for (const [i, { path, stat }] of newestFirst.entries()) {
      bytes += stat.size;
      if (i >= limits.values || bytes > limits.bytes) rmSync(path, { force: true });
    }
  } catch {
    // a read-only installation parses every time
  }
}
