import { dirname, resolve } from 'node:path';
import { documentFileName } from '../core/documents.ts';
import { figureImages, imageDataUrl } from '../core/images.ts';
import type { BilagaFil, Minnesanteckningar, SharedSources, Tjansteskrivelse, Verksamhetsplan } from '../core/model.ts';
import { inlineText } from '../core/placeholders.ts';
import { printableDeep } from '../core/text.ts';
import type { Appendix, DocumentMeta, PlanCalendar } from '../core/view.ts';
import type { Job } from '../load/project.ts';
import { positionOf, type SourceFile } from '../load/source-file.ts';
import { preparePlanCalendars } from './calendars.ts';
import { Lookup } from './lookup.ts';
import { prepareMinnesanteckningar } from './minnesanteckningar.ts';
import { titlesOf } from './titles.ts';
import { prepareTjansteskrivelse } from './tjansteskrivelse.ts';
import { prepareVerksamhetsplan } from './verksamhetsplan.ts';

/** A document ready to render: its view, the file name its PDF gets, the PDF bilagor to append, and a plan's calendars (written beside the PDF). */
export interface PreparedDocument {
  view: { meta: DocumentMeta };
  fileName: string;
  appendix: Appendix[];
  calendars?: PlanCalendar[];
}

/** Computes everything a validated document prints: the stage between validate and render. `sourcesDir` is where its figures' images are read from. */
export function prepareDocument(job: Job, shared: SharedSources, sourcesDir: string): PreparedDocument {
  const prepared = prepareKind(job, shared, imagesOf(job, sourcesDir));
  // Whatever a document prints, from its own source or the register, carries no control or bidirectional characters.
  return {
    ...prepared,
    view: printableDeep(prepared.view),
    appendix: printableDeep(prepared.appendix),
    ...(prepared.calendars && { calendars: printableDeep(prepared.calendars) }),
  };
}

/** The images the document's figures show (its own source's and those it is made from), read as data: URLs, by figure. */
function imagesOf(job: Job, sourcesDir: string): Map<object, string> {
  const images = new Map<object, string>();
  for (const source of [job.source, ...job.deps]) {
    for (const { figur, file } of figureImages(source.data, source.absolutePath)) {
      const url = imageDataUrl(file, sourcesDir);
      if (url !== undefined) images.set(figur, url);
    }
  }
  return images;
}

/** The bilaga files a plan's or an ärende's bilagor name (`fil`, relative to its source), read and validated, by the name as written. */
function bilagaFilesOf(bilagor: ReadonlyArray<{ fil?: string }> | undefined, source: SourceFile, shared: SharedSources): Map<string, BilagaFil> {
  const base = dirname(source.absolutePath);
  return new Map((bilagor ?? []).flatMap((b) => (b.fil === undefined ? [] : [[b.fil, shared.bilagaFiles.get(resolve(base, b.fil))!] as const])));
}

function prepareKind(job: Job, shared: SharedSources, images: ReadonlyMap<object, string>): PreparedDocument {
  // Names and roles as the register had them on the document's own date.
  const lookup = new Lookup(shared.register, documentDate(job.source.data));
  const titleOf = titlesOf(shared.dokument, shared.register);
  const fileName = documentFileName(job.kind, job.source.data);
  switch (job.kind) {
    case 'verksamhetsplan': {
      const plan = job.source.data as Verksamhetsplan;
      const files = bilagaFilesOf(plan.bilagor, job.source, shared);
      const view = prepareVerksamhetsplan(plan, lookup, files, titleOf, images);
      const appendix = appended(plan.bilagor ?? [], job.source, shared, (i) => inlineText(view.bilagor[i]!.title));
      const calendars = preparePlanCalendars(plan, lookup, files, fileName.replace(/\.pdf$/, ''));
      return { view, fileName, appendix, calendars };
    }
    case 'minnesanteckningar':
      return { view: prepareMinnesanteckningar(job.source.data as Minnesanteckningar, lookup, images), fileName, appendix: [] };
    case 'tjansteskrivelse': {
      const t = job.source.data as Tjansteskrivelse;
      const arende = shared.arenden.get(t.arende)!;
      const arendeSource = job.deps.find((d) => (d.data as { typ?: string }).typ === 'arende')!;
      const view = prepareTjansteskrivelse(t, arende, lookup, {
        plans: shared.planer,
        titleOf,
        bilagaFiles: bilagaFilesOf(arende.bilagor, arendeSource, shared),
        images,
      });
      return { view, fileName, appendix: appended(arende.bilagor ?? [], arendeSource, shared, (i) => inlineText(view.bilagor[i]!)) };
    }
  }
}

/**
 * The bilagor whose pages follow the document's own: a PDF (its path
 * relative to the folder of `source`, which names it) or another document of
 * the project (its PDF's file name, found in the output folder once it is
 * built, and the place that names it).
 */
function appended(
  bilagor: ReadonlyArray<{ id: string; pdf?: string; dokument?: string }>,
  source: SourceFile,
  shared: SharedSources,
  titleAt: (index: number) => string,
): Appendix[] {
  return bilagor.flatMap((b, i) => {
    const entry = { anchor: `bilaga-${b.id}`, label: `Bilaga ${i + 1}`, title: titleAt(i) };
    if (b.pdf !== undefined) return [{ ...entry, file: resolve(dirname(source.absolutePath), b.pdf) }];
    if (b.dokument === undefined) return [];
    // A document that failed its schema has no file name yet: the build finds it not built, and says so.
    const target = shared.dokument.get(b.dokument);
    const place = { file: source.path, ...positionOf(source, ['bilagor', i, 'dokument']) };
    return [{ ...entry, file: target ? documentFileName(target.kind, target.data) : '', document: b.dokument, place }];
  });
}

/** A document's own date (datum, YYYY-MM-DD), when it has one yet. */
export function documentDate(data: unknown): string | undefined {
  const datum = (data as { datum?: unknown }).datum;
  return typeof datum === 'string' ? datum : undefined;
}
