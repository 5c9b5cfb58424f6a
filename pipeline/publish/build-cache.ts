import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FileHashes, type KnownHash, sha256 } from '../core/hash.ts';
import type { PageNumbers } from '../core/view.ts';
import { writeAtomic } from './write-atomic.ts';

/**
 * What the last build made of each output file: a hash of everything that
 * went into it, of the PDF it wrote, and the page numbers it settled on;
 * and, under `last`, the whole report of the last build with a hash of
 * everything it read.
 */
interface Cache {
  files: Record<string, { inputs: string; pdf: string; pages?: Array<[string, number]> }>;
  last?: { state: string; outside: string[]; report: unknown };
  /** The hashes of the files the last build read, with their sizes and times (FileHashes). */
  hashes?: Record<string, KnownHash>;
}

const FILE = '.handlingar-cache.json';

/**
 * Remembers, next to the PDFs, what each was built from, so that a build can
 * skip a document none of whose inputs changed (its sources and the register
 * entries it prints, its templates, styles, fonts, PDF bilagor and the tool's
 * version) and whose PDF is still the one it wrote. It also remembers each
 * document's page numbers: after an edit they usually still hold, and
 * printing with them first saves the pass that would find them.
 */
export class BuildCache {
  private readonly cache: Cache;
  /** Hashes of the files a build reads, taken again only of files that changed since the last build took them. */
  readonly hashes: FileHashes;

  constructor(private readonly outDir: string) {
    const file = join(outDir, FILE);
    let read: Partial<Cache> = {};
    try {
      if (existsSync(file)) read = JSON.parse(readFileSync(file, 'utf8')) as Partial<Cache>;
    } catch {
      /* an unreadable cache is an empty one */
    }
    this.cache = { files: typeof read.files === 'object' && read.files ? read.files : {}, ...(read.last && { last: read.last }) };
    this.hashes = new FileHashes(validHashes(read.hashes));
  }

  /** True when no build has recorded anything here yet: everything will be printed. */
  isEmpty(): boolean {
    return Object.keys(this.cache.files).length === 0;
  }

  /** True when the output file exists, is the PDF we wrote, and was built from the same inputs. */
  isCurrent(fileName: string, inputs: string): boolean {
    return this.cache.files[fileName]?.inputs === inputs && this.unchanged(fileName);
  }

  /** The page numbers the document had when it was last built. */
  pagesOf(fileName: string): PageNumbers | undefined {
    return pageNumbersOf(this.cache.files[fileName]?.pages);
  }

  record(fileName: string, inputs: string, pdf: Uint8Array, pages: PageNumbers): void {
    this.cache.files[fileName] = { inputs, pdf: sha256(pdf), pages: [...pages] };
  }

  /** Files outside the sources folder that the last build read (PDF bilagor given by a path that leads out). */
  outsideFiles(): string[] {
    return this.cache.last?.outside ?? [];
  }

  /**
   * The last build's report, when nothing it read has changed since (`state`)
   * and every PDF it made is still the one it wrote, with the files it wrote
   * beside them still there: the answer is the same without reading a
   * source, and every document is up to date.
   */
  lastReport<R extends { documents: Array<{ output?: string; companions?: string[] }> }>(state: string): R | undefined {
    if (this.cache.last?.state !== state) return undefined;
    const report = this.cache.last.report as R;
    // A companion removed since (a plan's .ics) is written again by a build that reads the sources.
    const inPlace = (d: R['documents'][number]) => (!d.output || this.unchanged(basename(d.output))) && (d.companions ?? []).every((f) => existsSync(f));
    return report.documents.every(inPlace) ? report : undefined;
  }

  /** Remembers a build's report with the state of everything it read before it started; none (a printing failure) forgets the last. */
  rememberReport(state: string, outside: string[], report: unknown): void {
    if (report === undefined) delete this.cache.last;
    else this.cache.last = { state, outside, report };
  }

  async save(): Promise<void> {
    await writeAtomic(join(this.outDir, FILE), Buffer.from(`${JSON.stringify({ ...this.cache, hashes: this.hashes })}\n`));
  }

  private unchanged(fileName: string): boolean {
    const file = join(this.outDir, fileName);
    return existsSync(file) && this.hashes.of(file) === this.cache.files[fileName]?.pdf;
  }
}

/** The remembered hashes, each entry of the right shape; none from a cache that has none or is not ours. */
function validHashes(hashes: unknown): Record<string, KnownHash> {
  if (typeof hashes !== 'object' || hashes === null) return {};
  const valid = (v: unknown): v is KnownHash =>
    Array.isArray(v) && v.length === 4 && v.slice(0, 3).every((n) => typeof n === 'number') && typeof v[3] === 'string';
  return Object.fromEntries(Object.entries(hashes).filter(([, v]) => valid(v)));
}

/** Page numbers as they are kept in JSON, [anchor, page] pairs; undefined for anything else. */
export function pageNumbersOf(pages: unknown): PageNumbers | undefined {
  const valid = Array.isArray(pages) && pages.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Number.isInteger(p[1]));
  return valid ? new Map(pages as Array<[string, number]>) : undefined;
}
