import { createMessage, type Message } from '../messages.ts';
import type { Register } from '../model.ts';
import { positionOf, type PathSegment, type SourceFile } from '../load/source-file.ts';
import { closest } from './closest.ts';

/** What a rule sees: the source under check, the register, and a way to report at a YAML path. */
export interface RuleContext {
  source: SourceFile;
  register: Register;
  messages: Message[];
}

/** Reports a problem at the YAML node found at `path`. */
export function report(
  context: RuleContext, path: readonly PathSegment[], ruleId: string, reason: string, fix?: string,
  severity: Message['severity'] = 'error',
): void {
  context.messages.push(createMessage(context.source.path, positionOf(context.source, path), ruleId, reason, fix, severity));
}

type Kind = 'person' | 'kommun' | 'organ' | 'person-eller-organ';

const registerLists: Record<Kind, (r: Register) => Array<{ id: string }>> = {
  person: (r) => r.personer,
  kommun: (r) => r.kommuner,
  organ: (r) => r.organ,
  'person-eller-organ': (r) => [...r.personer, ...r.organ],
};

const kindNames: Record<Kind, { none: string; the: string }> = {
  person: { none: 'ingen person', the: 'personen' },
  kommun: { none: 'ingen kommun', the: 'kommunen' },
  organ: { none: 'inget organ', the: 'organet' },
  'person-eller-organ': { none: 'ingen person och inget organ', the: 'personen eller organet' },
};

/** Checks that an id refers to an entry of the register, suggesting the closest id when it does not. */
export function checkReference(context: RuleContext, path: readonly PathSegment[], id: string | undefined, kind: Kind): void {
  if (id === undefined) return;
  const ids = registerLists[kind](context.register).map((entry) => entry.id);
  if (ids.includes(id)) return;
  const guess = closest(id, ids);
  report(context, path, `ref/unknown-${kind}`,
    `Det finns ${kindNames[kind].none} med id "${id}" i registret.${guess ? ` Menade du "${guess}"?` : ''}`,
    guess ? `Byt "${id}" mot "${guess}".` : `Lägg till ${kindNames[kind].the} i sources/register.yaml, eller rätta id:t.`);
}
