import { formatAmount, formatNumber } from '../prepare/format.ts';
import type { Catalog, FieldRef, Found } from './rules.ts';

/** English, for `--lang en`: the same messages for readers who do not read Swedish. */
export const en: Catalog = {
  'load/unreadable': ({ code }) => ({ reason: `The file cannot be read (${code}).`, fix: 'Check that the path is right and the file exists.' }),
  'load/encoding': () => ({ reason: 'The file is not saved as UTF-8 (the character here cannot be read).', fix: 'Save the file with the UTF-8 encoding in your editor.' }),
  'load/too-large': ({ megabytes, limit }) => ({ reason: `The file is ${megabytes} MB; a source may be at most ${limit} MB.`, fix: 'Split the content, for example by moving bilagor into files of their own (fil: …) or PDFs (pdf: …).' }),
  'load/bom': () => ({ reason: 'The file starts with an invisible byte order mark (BOM).', fix: 'Save the file as UTF-8 without BOM. The file is read anyway.' }),
  'load/unknown-type': ({ typ, types }) => ({
    reason: typ === undefined ? 'The field "typ" is missing, so it is unknown what kind of document this is.' : `Unknown document type "${typ}".`,
    fix: `Start the file with, for example, "typ: verksamhetsplan". Possible types: ${types.join(', ')}.`,
  }),
  'yaml/tab': () => ({ reason: 'The line is indented with a tab. YAML allows only spaces for indentation.', fix: 'Replace the tab with spaces (two per level).' }),
  'yaml/duplicate-key': ({ key }) => ({ reason: `The key "${key}" appears twice in the same object.`, fix: 'Remove or rename one of them.' }),
  'yaml/syntax': ({ detail }) => ({ reason: `YAML syntax error: ${detail}`, fix: 'Check the indentation, colons and quotes on the line.' }),
  'yaml/unclosed-quote': () => ({ reason: 'The quote that starts here is never closed.', fix: 'Add the closing quote at the end of the text, or remove the opening one.' }),
  'yaml/aliases': () => ({ reason: 'The file uses aliases (*name) so often that its content would become unreasonably large.', fix: 'Write the content out instead of repeating aliases.' }),
  'schema/required': ({ field, missing }) => ({ reason: `The field "${missing}" is missing${field.name ? ` in ${where(field)}` : ''}.`, fix: `Add ${missing}: with a value.` }),
  'schema/unknown-key': ({ field, key, guess, allowed }) => ({
    reason: `Unknown key "${key}"${field.name ? ` in ${where(field)}` : ''}.${guess ? ` Did you mean "${guess}"?` : ''}`,
    fix: guess ? `Replace "${key}" with "${guess}".` : `Remove the key. Keys allowed here: ${allowed.join(', ')}.`,
  }),
  'schema/type': ({ field, expected, found }) => ({
    reason: `${subject(field, 'the value')} has the wrong type: expected ${expected.map(typeName).join(' or ')}, found ${describe(found)}.`,
    fix: `Write ${expected.map(typeName).join(' or ')}.`,
  }),
  'schema/enum': ({ field, found, allowed, guess }) => ({
    reason: `${describe(found)} is not allowed for ${where(field, 'the field')}. Allowed values: ${allowed.join(', ')}.`,
    fix: guess ? `Did you mean "${guess}"?` : 'Choose one of the allowed values.',
  }),
  'schema/const': ({ field, expected, found }) => ({ reason: `${subject(field, 'the value')} must be "${expected}", found ${describe(found)}.`, fix: `Write "${expected}".` }),
  'schema/format': ({ field, format, found }) => format === 'date'
    ? { reason: `${describe(found)} is not a valid date (${where(field, 'date')}).`, fix: 'Write a date that exists, as YYYY-MM-DD, for example 2023-03-16.' }
    : { reason: `${describe(found)} is not a valid e-mail address (${where(field, 'e-mail')}).`, fix: 'Write the address as name@example.se.' },
  'schema/pattern': ({ field, found }) => ({ reason: `${describe(found)} has the wrong form for ${where(field, 'the field')}.`, fix: 'Correct the form of the value (ids: lower-case a–z, digits and hyphens).' }),
  'schema/empty-list': ({ field, limit }) => ({
    reason: `The list${field.name ? ` "${field.name}"` : ''} ${limit === 1 ? 'is empty' : `is too short: at least ${limit} items are needed`}.`,
    fix: 'Add items to the list, or remove the field if it is optional.',
  }),
  'schema/too-long': ({ field, length, limit }) => ({ reason: `${subject(field, 'the text')} is ${length} characters long; at most ${limit} are allowed.`, fix: 'Shorten the text or split it into paragraphs.' }),
  'schema/too-many-items': ({ field, count, limit }) => ({ reason: `The list${field.name ? ` "${field.name}"` : ''} has ${count} items; at most ${limit} are allowed.`, fix: 'Split the list, for example into several tables or a bilaga.' }),
  'schema/empty-text': ({ field }) => ({ reason: `${subject(field, 'the text')} is empty.`, fix: 'Write a text, or remove the field if it is optional.' }),
  'schema/minimum': ({ field, found, limit }) => ({ reason: `${subject(field, 'the number')} is ${describe(found)} but must be at least ${limit}.`, fix: 'Correct the number.' }),
  'schema/maximum': ({ field, found, limit }) => ({ reason: `${subject(field, 'the number')} is ${describe(found)} but must be at most ${limit}.`, fix: 'Correct the number.' }),
  'schema/too-many-fields': ({ field, found }) => ({ reason: `${subject(field, 'the item')} has too many fields (${describe(found)}).`, fix: 'A content block has exactly one field, such as stycke or lista.' }),
  'schema/empty-object': ({ field }) => ({ reason: `${subject(field, 'the item')} is empty.`, fix: 'Check which fields belong here.' }),
  'schema/any-of': ({ field, found }) => ({ reason: `${subject(field, 'the value')} has the wrong form: found ${describe(found)}.`, fix: 'Check the form of the field in the schema.' }),
  'schema/other': ({ field, detail }) => ({ reason: `${subject(field, 'the value')}: ${detail}.`, fix: 'Check the field against its description in the schema.' }),
  'ref/unknown-person': (p) => unknownRef('person', p),
  'ref/unknown-kommun': (p) => unknownRef('municipality', p),
  'ref/unknown-organ': (p) => unknownRef('body', p),
  'ref/unknown-person-eller-organ': (p) => unknownRef('person or body', p),
  'id/duplicate': ({ id, firstLine }) => ({ reason: `The id "${id}" is already used (line ${firstLine}). Every id must be unique within the document.`, fix: `Give the item an id of its own, such as "${id}-2".` }),
  'budget/fee-mismatch': ({ typed, perCapita, inhabitants, computed }) => ({
    reason: `The fee is ${formatAmount(typed)}, but ${perCapita} kr × ${formatNumber(inhabitants)} inhabitants = ${formatAmount(computed)} (difference ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Remove the amount; the fee is computed from avgift_per_invanare and invanare.',
  }),
  'budget/missing-amount': ({ text }) => ({ reason: `The budget line "${text}" has no amount.`, fix: 'Add belopp: with the amount in whole kronor, or avgift: true on the municipalities\' fee line.' }),
  'budget/total-mismatch': ({ side, typed, computed }) => ({
    reason: `The total of ${side === 'intakter' ? 'income' : 'costs'} is typed as ${formatAmount(typed)}, but the lines add up to ${formatAmount(computed)} (difference ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Remove the typed total (it is computed), or correct the amounts of the lines.',
  }),
  'budget/unbalanced': ({ income, costs }) => ({
    reason: `The budget does not balance: income ${formatAmount(income)}, costs ${formatAmount(costs)} (${income > costs ? 'surplus' : 'deficit'} ${formatAmount(Math.abs(income - costs))}).`,
    fix: 'Check the amounts if the budget should balance.',
  }),
  'budget/duplicate': ({ count }) => ({ reason: `The plan has ${count} budgets; it may have at most one.`, fix: 'Merge the budgets into one.' }),
  'calendar/order': ({ date, previous }) => ({ reason: `The meeting on ${date} comes after ${previous}; the calendar must be in date order.`, fix: 'Move the line so that the dates are in order.' }),
  'calendar/range': ({ from, to }) => ({ reason: `The last day ${to} is not after the first day ${from}.`, fix: 'Correct till or datum.' }),
  'calendar/year': ({ date, year }) => ({ reason: `The meeting on ${date} is not in ${year}, the year of the plan.`, fix: 'Check the year.' }),
  'calendar/weekday': ({ date, day, body, usual }) => ({
    reason: `${date} is a ${englishDay(day)}, but ${body} usually meets on ${englishDay(usual)}s. The calendar marks the meeting "Obs ${day}".`,
    fix: 'Check the date. If the day is right, write annan_veckodag: true on the line.',
  }),
  'calendar/title': () => ({ reason: 'The calendar has neither a body (organ) nor a heading (rubrik).', fix: 'Write organ: with the body\'s id, or rubrik: with a heading.' }),
  'date/after-document': ({ what, date, documentDate }) => ({
    reason: `The ${{ beslut: 'decision', avgiftsbeslut: 'fee decision', val: 'election' }[what]} is dated ${date}, after the document's date ${documentDate}.`,
    fix: 'Check this date and the document\'s date.',
  }),
  'date/next-meeting': ({ next, date }) => ({ reason: `The next meeting (${next}) is not after this meeting (${date}).`, fix: 'Correct the date.' }),
  'date/previous-decision': ({ previous, date }) => ({ reason: `The previous decision (${previous}) is not before the memo's date (${date}).`, fix: 'Check both dates.' }),
  'plan/missing-decision': () => ({ reason: 'The plan is decided, but who decided it and when is not given.', fix: 'Add beslut: { organ: samarbetskommitten, datum: YYYY-MM-DD }, or set status to utkast.' }),
  'bilaga/source': ({ title, count }) => ({ reason: `The bilaga "${title}" must have exactly one of fil, innehall and pdf, but has ${count}.`, fix: 'Write fil: with the path of a bilaga file, innehall: with its text, or pdf: with the path of a PDF.' }),
  'bilaga/missing-pdf': ({ fil }) => ({ reason: `The PDF file "${fil}" does not exist or is not a PDF.`, fix: 'Check the path; it is relative to the folder of this file.' }),
  'bilaga/pdf-order': ({ title }) => ({ reason: `The PDF bilaga "${title}" comes before a written one. PDF bilagor are appended at the end, so they must come last.`, fix: 'Move the PDF bilagor to the end of the list.' }),
  'bilaga/missing-file': ({ fil }) => ({ reason: `The bilaga file "${fil}" does not exist, or is not a bilaga (typ: bilaga).`, fix: 'Check the path; it is relative to the folder of this file.' }),
  'minutes/duplicate-attendee': ({ id }) => ({ reason: `"${id}" is listed twice among the attendees.`, fix: 'Remove one of the lines.' }),
  'minutes/present-and-absent': ({ id }) => ({ reason: `"${id}" is listed both as present and as absent.`, fix: 'Remove the person from one of the lists.' }),
  'minutes/justerare-not-present': ({ id }) => ({ reason: `The justerare "${id}" is not among the attendees.`, fix: 'The justerare must have attended: add the person to deltagare, or choose another justerare.' }),
  'minutes/chair-not-present': ({ id }) => ({ reason: `The chair "${id}" is not among the attendees.`, fix: 'Add the chair to deltagare.' }),
  'minutes/decision-text': () => ({ reason: 'The decision has no text and not exactly one assignment to write it from.', fix: 'Write the decision in text:.' }),
  'tjansteskrivelse/unknown-arende': ({ id }) => ({ reason: `There is no ärende with the id "${id}".`, fix: 'Put an arende.yaml with that id in the same folder, or correct the id.' }),
  'arende/placeholder': ({ name, allowed }) => ({ reason: `Unknown placeholder {${name}}.`, fix: `Allowed placeholders: ${allowed.map((n) => `{${n}}`).join(', ')}.` }),
  'register/duplicate-person': ({ name, firstId }) => ({ reason: `${name} is already in the register (id "${firstId}").`, fix: 'Register a person once; refer to the existing id and remove this entry.' }),
  'register/duplicate': ({ first }) => ({ reason: `There is already a register: ${first}. There may be only one.`, fix: 'Move the entries to the first register and remove this file.' }),
  'register/missing': () => ({ reason: 'No valid register was found (sources/register.yaml), so names and references cannot be checked.', fix: 'Fix the errors in the register, or add sources/register.yaml with typ: register.' }),
  'fill-in/final': ({ count }) => ({ reason: `The document is final but still has ${count} field(s) to fill in.`, fix: 'Fill in the fields marked ifylles, or set status to utkast.' }),
  'output/name-clash': ({ fileName, other }) => ({ reason: `The document gets the same file name (${fileName}) as ${other}.`, fix: 'Change the year, date or municipality so that the documents differ.' }),
  'print/blocked-request': ({ urls }) => ({ reason: `The document tried to load something from outside the project, which was refused: ${urls.join(', ')}.`, fix: 'This is a fault in the templates; please report it.' }),
  'print/failed': ({ error }) => ({ reason: `The PDF could not be made: ${error}`, fix: 'Try again; if it persists, report it.' }),
  'edition/final-changed': ({ id, version }) => ({
    reason: `The edition ${id} is final and archived, but the source has changed since. A final edition never changes.`,
    fix: `Make a new edition: raise version to ${version + 1} and set status: utkast until it is decided. If nothing should change, undo the change to the source.`,
  }),
  'edition/pdf-differs': ({ id }) => ({ reason: `The archived PDF of ${id} differs from the one built now, although the templates, fonts and tool are the same (probably another version of Chromium). The archive is kept as it was.`, fix: 'Nothing to do in the source; run handlingar rebuild to compare.' }),
  'edition/archive-failed': ({ error }) => ({ reason: `The edition could not be archived: ${error}`, fix: 'Check that the folder editions/ is writable.' }),
};

function unknownRef(what: string, { id, guess }: { id: string; guess?: string }) {
  return {
    reason: `There is no ${what} with the id "${id}" in the register.${guess ? ` Did you mean "${guess}"?` : ''}`,
    fix: guess ? `Replace "${id}" with "${guess}".` : `Add the ${what} to sources/register.yaml, or correct the id.`,
  };
}

function where(field: FieldRef, fallback = ''): string {
  if (!field.name) return fallback;
  return field.index === undefined ? `the field "${field.name}"` : `item ${field.index + 1} of "${field.name}"`;
}

function subject(field: FieldRef, fallback: string): string {
  const text = where(field, fallback);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(found: Found): string {
  switch (found.kind) {
    case 'none': return 'no value';
    case 'text': return `"${found.text}"`;
    case 'scalar': return found.text;
    case 'list': return `a list of ${found.count} items`;
    case 'object': return found.keys.length === 0 ? 'an empty object' : `an object with ${found.keys.map((k) => `"${k}"`).join(', ')}`;
  }
}

const typeNames: Record<string, string> = {
  string: 'a text', integer: 'a whole number', number: 'a number', boolean: 'true or false',
  object: 'an object (keys with values)', array: 'a list (lines starting with "- ")', null: 'no value',
};

function typeName(type: string): string {
  return typeNames[type] ?? type;
}

const days: Record<string, string> = { måndag: 'Monday', tisdag: 'Tuesday', onsdag: 'Wednesday', torsdag: 'Thursday', fredag: 'Friday', lördag: 'Saturday', söndag: 'Sunday' };

function englishDay(day: string): string {
  return days[day] ?? day;
}
