#!/usr/bin/env node
// Entry point. Runs the command line compiled by esbuild into dist/<hash>/,
// compiling it first whenever pipeline/ or the installed packages changed
// (about a second, once). Starting compiled JavaScript takes about 0.1 s;
// going through tsx took half a second, which a build with nothing to do
// should not spend. If dist/ cannot be written, tsx runs the sources.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A hash of the TypeScript sources, the installed packages and this launcher (how they are compiled): the compiled CLI's name. */
function sourcesHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(path));
    }
  };
  walk(join(root, 'pipeline'));
  hash.update(readFileSync(join(root, 'package-lock.json')));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

async function compiled() {
  const dist = join(root, 'dist');
  const target = join(dist, sourcesHash());
  if (existsSync(join(target, 'cli.js'))) return join(target, 'cli.js');
  const { build } = await import('esbuild');
  const temporary = `${target}.${process.pid}.tmp`;
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: { cli: join(root, 'pipeline', 'main.ts') },
    outdir: temporary,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    // Packages are bundled too (one file loads several times faster than hundreds); the browser and
    // PDF libraries land in chunks of their own, loaded only when a build prints.
    external: ['esbuild'],
    // Packages written as CommonJS require Node's modules and may ask for their own file name; ESM output needs a require to
    // give them, and names the file of the chunk they landed in.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    define: { __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' },
  });
  try {
    renameSync(temporary, target);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another process compiled the same sources first
  }
  // Earlier compilations are of sources that are no longer there.
  for (const old of readdirSync(dist)) if (join(dist, old) !== target && !old.endsWith('.tmp')) rmSync(join(dist, old), { recursive: true, force: true });
  return join(target, 'cli.js');
}

// Node 22.1 and later keep V8's compiled code of the modules loaded from here on between runs (Node 20, on which
// docs/performance.md was measured, has no such cache: nothing happens there). Never committed: under node_modules.
module.enableCompileCache?.(join(root, 'node_modules', '.cache', 'handlingar', 'v8'));

let entry;
try {
  entry = pathToFileURL(await compiled()).href;
} catch (error) {
  if (error?.errors?.length) {
    // esbuild's messages already name the file, line and column.
    process.stderr.write(`handlingar: pipeline/ could not be compiled (${error.message.split('\n')[0]})\n`);
    process.exit(2);
  }
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'pipeline', 'main.ts')).href;
}
await import(entry);
