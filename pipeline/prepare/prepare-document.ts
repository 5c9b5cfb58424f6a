import { dirname, resolve } from 'node:path';
import type { Job } from '../load/project.ts';
import type { Minnesanteckningar, Tjansteskrivelse, Verksamhetsplan } from '../model.ts';
import type { RuleInputs } from '../validate/check-document.ts';
import type { DocumentMeta } from '../view.ts';
import { Lookup } from './lookup.ts';
import { prepareMinnesanteckningar } from './minnesanteckningar.ts';
import { prepareTjansteskrivelse } from './tjansteskrivelse.ts';
import { prepareVerksamhetsplan } from './verksamhetsplan.ts';

/** A document ready to render: its view, and the file name its PDF gets. */
export interface PreparedDocument {
  view: { meta: DocumentMeta };
  fileName: string;
}

/** Computes everything a validated document prints: the stage between validate and render. */
export function prepareDocument(job: Job, inputs: RuleInputs): PreparedDocument {
  const lookup = new Lookup(inputs.register);
  switch (job.kind) {
    case 'verksamhetsplan': {
      const plan = job.source.data as Verksamhetsplan;
      const base = dirname(job.source.absolutePath);
      const files = new Map((plan.bilagor ?? []).filter((b) => b.fil).map((b) => [b.fil!, inputs.bilagaFiles.get(resolve(base, b.fil!))!]));
      return { view: prepareVerksamhetsplan(plan, lookup, files), fileName: `verksamhetsplan-${plan.ar}.pdf` };
    }
    case 'minnesanteckningar': {
      const m = job.source.data as Minnesanteckningar;
      return { view: prepareMinnesanteckningar(m, lookup), fileName: `minnesanteckningar-${m.organ}-${m.datum}.pdf` };
    }
    case 'tjansteskrivelse': {
      const t = job.source.data as Tjansteskrivelse;
      return { view: prepareTjansteskrivelse(t, inputs.arenden.get(t.arende)!, lookup), fileName: `tjansteskrivelse-${t.arende}-${t.kommun}.pdf` };
    }
  }
}
