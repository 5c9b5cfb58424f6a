import { defineRule } from '../core/message.ts';
import type { Register } from '../core/model.ts';
import { checkReference, type RuleContext, report } from './rule-context.ts';

const duplicatePerson = defineRule<{ name: string; firstId: string }>('register/duplicate-person', 'error', {
  sv: ({ name, firstId }) => ({
    reason: `${name} finns redan i registret (id "${firstId}").`,
    fix: 'En person registreras en gång; hänvisa till det befintliga id:t och ta bort denna post.',
  }),
  en: ({ name, firstId }) => ({
    reason: `${name} is already in the register (id "${firstId}").`,
    fix: 'Register a person once; refer to the existing id and remove this entry.',
  }),
});

/** Each person is in the register once, and their municipality and body are in it too. */
export function checkRegister(context: RuleContext, r: Register): void {
  r.personer.forEach((p, i) => {
    const first = r.personer.findIndex((q) => q.namn.toLowerCase() === p.namn.toLowerCase());
    if (first !== i) report(context, ['personer', i, 'namn'], duplicatePerson, { name: p.namn, firstId: r.personer[first]!.id });
    checkReference(context, ['personer', i, 'kommun'], p.kommun, 'kommun');
    checkReference(context, ['personer', i, 'organ'], p.organ, 'organ');
  });
}
