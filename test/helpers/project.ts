import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../pipeline/paths.ts';

/** A scratch copy of the real sources, to break or extend without touching the repository. */
export function copyOfSources(): { dir: string; sources: string; out: string; write: (path: string, text: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'handlingar-'));
  const sources = join(dir, 'sources');
  cpSync(join(projectRoot, 'sources'), sources, { recursive: true });
  return {
    dir,
    sources,
    out: join(dir, 'output'),
    write: (path, text) => {
      const file = join(sources, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
  };
}
