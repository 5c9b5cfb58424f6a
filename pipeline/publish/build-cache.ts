import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../editions/archive.ts';
import { writeAtomic } from './write-atomic.ts';

/** What the last build made of each output file: a hash of everything that went into it, and of the PDF it wrote. */
type Cache = Record<string, { inputs: string; pdf: string }>;

const FILE = '.handlingar-cache.json';

/**
 * Remembers, next to the PDFs, what each was built from, so that a build can
 * skip a document none of whose inputs changed (its sources and the register
 * entries it prints, its templates, styles, fonts, PDF bilagor and the tool's
 * version) and whose PDF is still the one it wrote.
 */
export class BuildCache {
  private readonly entries: Cache;

  constructor(private readonly outDir: string) {
    const file = join(outDir, FILE);
    try {
      this.entries = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Cache) : {};
    } catch {
      this.entries = {};
    }
  }

  /** True when the output file exists, is the PDF we wrote, and was built from the same inputs. */
  isCurrent(fileName: string, inputs: string): boolean {
    const entry = this.entries[fileName];
    const file = join(this.outDir, fileName);
    return entry?.inputs === inputs && existsSync(file) && sha256(readFileSync(file)) === entry.pdf;
  }

  record(fileName: string, inputs: string, pdf: Uint8Array): void {
    this.entries[fileName] = { inputs, pdf: sha256(pdf) };
  }

  async save(): Promise<void> {
    await writeAtomic(join(this.outDir, FILE), Buffer.from(`${JSON.stringify(this.entries, null, 2)}\n`));
  }
}
