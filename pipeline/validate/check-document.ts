import type { Message } from '../core/message.ts';
import type { Arende, BilagaFil, Minnesanteckningar, Register, SharedSources, SourceType, Tjansteskrivelse, Verksamhetsplan } from '../core/model.ts';
import type { SourceFile } from '../load/source-file.ts';
import { checkBlocks } from './check-blocks.ts';
import { checkUniqueIds } from './check-ids.ts';
import { checkArende, checkMemo } from './check-memo.ts';
import { checkMinutes } from './check-minutes.ts';
import { checkPlan } from './check-plan.ts';
import { checkRegister } from './check-register.ts';
import type { RuleContext } from './rule-context.ts';

/** Runs the rules the schema cannot express on a schema-valid source. */
export function checkRules(source: SourceFile, type: SourceType, shared: SharedSources): Message[] {
  const context: RuleContext = { source, register: shared.register, messages: [] };
  checkUniqueIds(context);
  switch (type) {
    case 'verksamhetsplan':
      checkPlan(context, source.data as Verksamhetsplan, shared);
      break;
    case 'bilaga':
      checkBlocks(context, (source.data as BilagaFil).innehall, ['innehall'], { year: 9999, date: '9999-12-31' });
      break;
    case 'minnesanteckningar':
      checkMinutes(context, source.data as Minnesanteckningar);
      break;
    case 'tjansteskrivelse':
      checkMemo(context, source.data as Tjansteskrivelse, shared);
      break;
    case 'arende':
      checkArende(context, source.data as Arende);
      break;
    case 'register':
      checkRegister(context, source.data as Register);
      break;
  }
  return context.messages;
}
