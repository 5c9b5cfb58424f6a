import type { Arende, DocumentKind, Minnesanteckningar, ProjectDocument, Tjansteskrivelse, Verksamhetsplan } from './model.ts';

/** The name of the PDF a document prints to: the year of a plan, the body and date of minutes, the ärende and municipality of a letter. */
export function documentFileName(kind: DocumentKind, data: unknown): string {
  switch (kind) {
    case 'verksamhetsplan':
      return `verksamhetsplan-${(data as Verksamhetsplan).ar}.pdf`;
    case 'minnesanteckningar': {
      const m = data as Minnesanteckningar;
      return `minnesanteckningar-${m.organ}-${m.datum}.pdf`;
    }
    case 'tjansteskrivelse': {
      const t = data as Tjansteskrivelse;
      return `tjansteskrivelse-${t.arende}-${t.kommun}.pdf`;
    }
  }
}

/**
 * The ids of the documents a plan or an ärende attaches as bilagor
 * (`dokument: vp-2024`), in order. Read defensively: the source may not be
 * validated yet.
 */
export function attachedIds(data: unknown): string[] {
  const bilagor = (data as Partial<Verksamhetsplan | Arende> | null)?.bilagor;
  if (!Array.isArray(bilagor)) return [];
  return bilagor.flatMap((b: { dokument?: unknown } | null) => (typeof b?.dokument === 'string' ? [b.dokument] : []));
}

/**
 * A chain of attachments from the document `from` to the document `to`
 * (["vp-2024", "lg-2024-03", "vp-2023"]; just [from] when they are one), if
 * there is one. A document whose bilaga leads back to itself could never be
 * built: each would wait for the other.
 */
export function attachmentPath(from: string, to: string, documents: ReadonlyMap<string, ProjectDocument>): string[] | undefined {
  const seen = new Set<string>([from]);
  const walk = (current: string): string[] | undefined => {
    if (current === to) return [current];
    for (const next of attachedIds(documents.get(current)?.data)) {
      if (seen.has(next)) continue;
      seen.add(next);
      const rest = walk(next);
      if (rest) return [current, ...rest];
    }
    return undefined;
  };
  return walk(from);
}
