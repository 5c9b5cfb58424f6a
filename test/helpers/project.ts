import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultSourcesDir, projectRoot } from '../../pipeline/core/paths.ts';
import type { Job } from '../../pipeline/load/project.ts';
import { planProject } from '../../pipeline/orchestrate/plan.ts';
import type { PreparedDocument } from '../../pipeline/prepare/prepare-document.ts';
import { scratchDir } from './scratch.ts';

/** A PDF from elsewhere, tagged (printed by Chromium from the SUP 2040 transcription in another style): a test fixture, not a bilaga of the real sources. */
export const foreignPdf = join(projectRoot, 'test', 'fixtures', 'pdf', 'sup-2040-tryckt.pdf');

/**
 * A scratch copy of the real sources, to break or extend without touching
 * the repository; with `foreignPdf` at bilagor/sup-2040.pdf, for a test to
 * attach as a PDF bilaga.
 */
export function copyOfSources(): { dir: string; sources: string; out: string; write: (path: string, text: string | Buffer) => string } {
  const dir = scratchDir();
  const sources = join(dir, 'sources');
  cpSync(join(projectRoot, 'sources'), sources, { recursive: true });
  cpSync(foreignPdf, join(sources, 'bilagor', 'sup-2040.pdf'));
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

/** The documents of the real sources (or of `sourcesDir`), planned as a build plans them: each with its job and what it prints. */
export async function preparedDocuments(sourcesDir = defaultSourcesDir): Promise<Array<PreparedDocument & { job: Job }>> {
  return [...(await planProject(sourcesDir)).documents()].flatMap((d) => (d.prepared ? [{ job: d.job, ...d.prepared }] : []));
}
