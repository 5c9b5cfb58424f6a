import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SourceFile } from '../load/source-file.ts';
import type { Message } from '../messages/message.ts';
import { isFillIn, type Arende, type BilagaFil, type Minnesanteckningar, type Punkt, type Register, type Tjansteskrivelse, type Verksamhetsplan } from '../model.ts';
import { placeholderNames, placeholdersIn } from '../prepare/placeholders.ts';
import { countFillIns } from '../render/inline.ts';
import { checkBlocks, checkNotAfter } from './check-blocks.ts';
import { checkUniqueIds } from './check-ids.ts';
import { checkReference, report, type RuleContext } from './rule-context.ts';
import type { SourceType } from './schemas.ts';

/** The other sources a document's rules may look at: bilaga files by absolute path, ärenden by id. */
export interface RuleInputs {
  register: Register;
  bilagaFiles: ReadonlyMap<string, BilagaFil>;
  arenden: ReadonlyMap<string, Arende>;
}

/** Runs the rules the schema cannot express on a schema-valid source. */
export function checkRules(source: SourceFile, type: SourceType, inputs: RuleInputs): Message[] {
  const context: RuleContext = { source, register: inputs.register, messages: [] };
  checkUniqueIds(context);
  switch (type) {
    case 'verksamhetsplan': checkPlan(context, source.data as Verksamhetsplan, inputs); break;
    case 'bilaga': checkBlocks(context, (source.data as BilagaFil).innehall, ['innehall'], { year: 9999, date: '9999-12-31' }); break;
    case 'minnesanteckningar': checkMinutes(context, source.data as Minnesanteckningar); break;
    case 'tjansteskrivelse': checkMemo(context, source.data as Tjansteskrivelse, inputs); break;
    case 'arende': checkArende(context, source.data as Arende); break;
    case 'register': checkRegister(context, source.data as Register); break;
  }
  return context.messages;
}

function checkPlan(context: RuleContext, plan: Verksamhetsplan, inputs: RuleInputs): void {
  const document = { year: plan.ar, date: plan.datum };
  checkReference(context, ['utgivare'], plan.utgivare, 'organ');
  if (plan.beslut) {
    checkReference(context, ['beslut', 'organ'], plan.beslut.organ, 'organ');
    checkNotAfter(context, ['beslut', 'datum'], plan.beslut.datum, plan.datum, 'beslut');
  } else if (plan.status === 'beslutad') {
    report(context, ['status'], 'plan/missing-decision', {});
  }
  let budgets = 0;
  plan.sektioner.forEach((s, i) => { budgets += checkBlocks(context, s.innehall, ['sektioner', i, 'innehall'], document); });
  if (budgets > 1) report(context, ['sektioner'], 'budget/duplicate', { count: budgets });
  plan.bilagor?.forEach((b, i) => {
    const count = [b.fil, b.innehall, b.pdf].filter((x) => x !== undefined).length;
    if (count !== 1) report(context, ['bilagor', i], 'bilaga/source', { title: b.titel, count });
    if (b.pdf !== undefined) checkPdfFile(context, ['bilagor', i, 'pdf'], b.pdf);
    if (b.pdf !== undefined && plan.bilagor!.slice(i + 1).some((later) => later.pdf === undefined)) report(context, ['bilagor', i], 'bilaga/pdf-order', { title: b.titel });
    if (b.innehall) checkBlocks(context, b.innehall, ['bilagor', i, 'innehall'], document);
    if (b.fil !== undefined && !inputs.bilagaFiles.has(resolve(dirname(context.source.absolutePath), b.fil))) {
      report(context, ['bilagor', i, 'fil'], 'bilaga/missing-file', { fil: b.fil });
    }
  });
}

function checkMinutes(context: RuleContext, m: Minnesanteckningar): void {
  checkReference(context, ['organ'], m.organ, 'organ');
  for (const role of ['ordforande', 'sekreterare', 'justerare'] as const) checkReference(context, [role], m[role], 'person');
  const present = m.deltagare.map((d) => (typeof d === 'string' ? d : d.person));
  present.forEach((id, i) => {
    checkReference(context, ['deltagare', i], id, 'person');
    if (present.indexOf(id) !== i) report(context, ['deltagare', i], 'minutes/duplicate-attendee', { id });
  });
  (m.franvarande ?? []).forEach((id, i) => {
    checkReference(context, ['franvarande', i], id, 'person');
    if (present.includes(id)) report(context, ['franvarande', i], 'minutes/present-and-absent', { id });
  });
  const known = (id: string) => context.register.personer.some((p) => p.id === id);
  if (known(m.justerare) && !present.includes(m.justerare)) report(context, ['justerare'], 'minutes/justerare-not-present', { id: m.justerare });
  if (known(m.ordforande) && !present.includes(m.ordforande)) report(context, ['ordforande'], 'minutes/chair-not-present', { id: m.ordforande });
  const document = { year: Number(m.datum.slice(0, 4)), date: m.datum };
  const checkItems = (items: readonly Punkt[], path: Array<string | number>): void => items.forEach((p, i) => {
    const at = [...path, i];
    for (const key of ['innehall', 'diskussion', 'efter_beslut'] as const) {
      if (p[key]) checkBlocks(context, p[key], [...at, key], document);
    }
    p.beslut?.forEach((b, j) => {
      b.uppdrag?.forEach((u, k) => checkReference(context, [...at, 'beslut', j, 'uppdrag', k, 'ansvarig'], u.ansvarig, 'person-eller-organ'));
      if (b.text === undefined && (b.uppdrag?.length ?? 0) !== 1) report(context, [...at, 'beslut', j], 'minutes/decision-text', {});
    });
    if (p.underpunkter) checkItems(p.underpunkter, [...at, 'underpunkter']);
  });
  checkItems(m.punkter, ['punkter']);
  if (m.nasta_mote && m.nasta_mote.datum <= m.datum) report(context, ['nasta_mote', 'datum'], 'date/next-meeting', { next: m.nasta_mote.datum, date: m.datum });
  checkFinal(context, m.status === 'justerad', m);
}

function checkMemo(context: RuleContext, t: Tjansteskrivelse, inputs: RuleInputs): void {
  checkReference(context, ['kommun'], t.kommun, 'kommun');
  if (!isFillIn(t.handlaggare)) checkReference(context, ['handlaggare'], t.handlaggare, 'person');
  t.underskrifter.forEach((u, i) => { if (!isFillIn(u)) checkReference(context, ['underskrifter', i], u, 'person'); });
  if (!inputs.arenden.has(t.arende)) report(context, ['arende'], 'tjansteskrivelse/unknown-arende', { id: t.arende });
  if (!isFillIn(t.datum) && !isFillIn(t.tidigare_beslut) && t.tidigare_beslut.datum >= t.datum) {
    report(context, ['tidigare_beslut', 'datum'], 'date/previous-decision', { previous: t.tidigare_beslut.datum, date: t.datum });
  }
  checkFinal(context, t.status === 'beslutad', t);
}

function checkArende(context: RuleContext, a: Arende): void {
  const texts: Array<[Array<string | number>, string]> = [
    [['forslag'], a.forslag], [['ekonomi'], a.ekonomi], [['barn'], a.barn],
    ...a.sammanfattning.map((t, i): [Array<string | number>, string] => [['sammanfattning', i], t]),
    ...a.beskrivning.map((t, i): [Array<string | number>, string] => [['beskrivning', i], t]),
    ...(a.bilagor ?? []).map((b, i): [Array<string | number>, string] => [['bilagor', i, 'titel'], b.titel]),
  ];
  a.bilagor?.forEach((b, i) => { if (b.pdf !== undefined) checkPdfFile(context, ['bilagor', i, 'pdf'], b.pdf); });
  for (const [path, text] of texts) {
    for (const name of placeholdersIn(text)) {
      if (!(placeholderNames as readonly string[]).includes(name)) report(context, path, 'arende/placeholder', { name, allowed: [...placeholderNames] });
    }
  }
}

function checkRegister(context: RuleContext, r: Register): void {
  r.personer.forEach((p, i) => {
    const first = r.personer.findIndex((q) => q.namn.toLowerCase() === p.namn.toLowerCase());
    if (first !== i) report(context, ['personer', i, 'namn'], 'register/duplicate-person', { name: p.namn, firstId: r.personer[first]!.id });
    checkReference(context, ['personer', i, 'kommun'], p.kommun, 'kommun');
    checkReference(context, ['personer', i, 'organ'], p.organ, 'organ');
  });
}

/** A PDF bilaga's file exists next to the source and starts like a PDF. */
function checkPdfFile(context: RuleContext, path: Array<string | number>, file: string): void {
  let head = '';
  try {
    head = readFileSync(resolve(dirname(context.source.absolutePath), file)).subarray(0, 5).toString('latin1');
  } catch { /* reported below */ }
  if (head !== '%PDF-') report(context, path, 'bilaga/missing-pdf', { fil: file });
}

/** A document that is final (beslutad, justerad) may not still have fields to fill in. */
function checkFinal(context: RuleContext, final: boolean, data: unknown): void {
  const count = countFillIns(data);
  if (final && count > 0) report(context, ['status'], 'fill-in/final', { count });
}
