import type { Arende, BilagaFil, Minnesanteckningar, Register, SharedSources, SourceType, Tjansteskrivelse, Verksamhetsplan } from '../core/model.ts';
import type { SourceFile } from '../load/source-file.ts';
import { checkBlocks } from './check-blocks.ts';
import { checkUniqueIds } from './check-ids.ts';
import { checkArende, checkMemo } from './check-memo.ts';
import { checkMinutes } from './check-minutes.ts';
import { checkPlan } from './check-plan.ts';
import { checkRegister } from './check-register.ts';
import { checkSize } from './check-size.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * Runs the rules the schema cannot express on a schema-valid source; returns
 * its messages, and the PDF bilagor it names that are still to be opened.
 */
export function checkRules(source: SourceFile, type: SourceType, shared: SharedSources, sourcesDir: string): Pick<RuleContext, 'messages' | 'pdfs'> {
  const context: RuleContext = {
    source,
    sourcesDir,
    register: shared.register,
    ...(shared.registerSource && { registerSource: shared.registerSource }),
    messages: [],
    pdfs: [],
  };
  // A source too large to check is not checked further: its other rules, and whatever would print it, wait until it is smaller.
  if (!checkSize(context)) return context;
  checkUniqueIds(context);
  switch (type) {
    case 'verksamhetsplan':
      checkPlan(context, source.data as Verksamhetsplan, shared);
      break;
    case 'bilaga':
      checkBlocks(context, (source.data as BilagaFil).innehall, ['innehall'], { year: 9999, date: '9999-12-31' });
      break;
    case 'minnesanteckningar':
      checkMinutes(context, source.data as Minnesanteckningar, shared);
      break;
    case 'tjansteskrivelse':
      checkMemo(context, source.data as Tjansteskrivelse, shared);
      break;
    case 'arende':
      checkArende(context, source.data as Arende, shared);
      break;
    case 'register':
      checkRegister(context, source.data as Register);
      break;
  }
  return context;
}
