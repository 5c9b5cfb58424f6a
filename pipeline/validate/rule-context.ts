import { createMessage, type Message, type RuleId, type RuleParams } from '../messages/message.ts';
import type { Register } from '../model.ts';
import { positionOf, type PathSegment, type SourceFile } from '../load/source-file.ts';
import { closest } from './closest.ts';

/** What a rule sees: the source under check, the register, and where its messages go. */
export interface RuleContext {
  source: SourceFile;
  register: Register;
  messages: Message[];
}

/** Reports a problem at the YAML node found at `path`. */
export function report<K extends RuleId>(context: RuleContext, path: readonly PathSegment[], ruleId: K, params: RuleParams[K]): void {
  context.messages.push(createMessage(context.source.path, positionOf(context.source, path), ruleId, params));
}

type Kind = 'person' | 'kommun' | 'organ' | 'person-eller-organ';

const registerLists: Record<Kind, (r: Register) => Array<{ id: string }>> = {
  person: (r) => r.personer,
  kommun: (r) => r.kommuner,
  organ: (r) => r.organ,
  'person-eller-organ': (r) => [...r.personer, ...r.organ],
};

/** Checks that an id refers to an entry of the register, suggesting the closest id when it does not. */
export function checkReference(context: RuleContext, path: readonly PathSegment[], id: string | undefined, kind: Kind): void {
  if (id === undefined) return;
  const ids = registerLists[kind](context.register).map((entry) => entry.id);
  if (ids.includes(id)) return;
  const guess = closest(id, ids);
  report(context, path, `ref/unknown-${kind}`, { id, ...(guess !== undefined && { guess }) });
}
