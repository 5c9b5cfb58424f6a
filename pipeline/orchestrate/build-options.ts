import type { PrintOptions } from './print-documents.ts';
import type { DocumentResult } from './report.ts';

/** What a build is asked: its sources, which documents, and how to print. Its own module, so that build.ts and build-documents.ts both use it without importing each other. */
export interface BuildOptions extends PrintOptions {
  sourcesDir: string;
  /** Build only the documents these files or folders are, or depend on. */
  paths?: readonly string[];
  /** Rebuild documents even when nothing they depend on changed. */
  force?: boolean;
  /** Called after each document, for progress output. */
  onDocument?: (result: DocumentResult) => void;
  /** Called when a document starts printing: how many are done, of how many, and which. */
  onProgress?: (done: number, total: number, current: string) => void;
}
