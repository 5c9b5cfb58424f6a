import { formatAmount, formatNumber } from '../prepare/format.ts';
import type { Catalog, FieldRef, Found } from './rules.ts';

/** Swedish: the language of the people who write the sources. */
export const sv: Catalog = {
  'load/unreadable': ({ code }) => ({ reason: `Filen kan inte läsas (${code}).`, fix: 'Kontrollera att sökvägen stämmer och att filen finns.' }),
  'load/encoding': () => ({
    reason: 'Filen är inte sparad som UTF-8 (tecknet här kan inte läsas).',
    fix: 'Spara filen med teckenkodningen UTF-8 i din editor (t.ex. "Spara med kodning" → UTF-8).',
  }),
  'load/too-large': ({ megabytes, limit }) => ({
    reason: `Filen är ${megabytes} MB; en källa får vara högst ${limit} MB.`,
    fix: 'Dela upp innehållet, till exempel genom att lägga bilagor i egna filer (fil: …) eller som PDF (pdf: …).',
  }),
  'load/bom': () => ({ reason: 'Filen börjar med ett osynligt BOM-tecken (byte order mark).', fix: 'Spara filen som UTF-8 utan BOM. Filen läses ändå.' }),
  'load/unknown-type': ({ typ, types }) => ({
    reason: typ === undefined ? 'Fältet "typ" saknas, så det går inte att veta vilken sorts dokument filen är.' : `Okänd dokumenttyp "${typ}".`,
    fix: `Skriv på första raden till exempel "typ: verksamhetsplan". Möjliga typer: ${types.join(', ')}.`,
  }),
  'yaml/tab': () => ({ reason: 'Raden är indragen med tabb. YAML tillåter bara mellanslag för indrag.', fix: 'Ersätt tabbtecknet med mellanslag (två per nivå).' }),
  'yaml/duplicate-key': ({ key }) => ({ reason: `Nyckeln "${key}" står två gånger i samma objekt.`, fix: 'Ta bort eller byt namn på den ena nyckeln.' }),
  'yaml/syntax': ({ code, detail }) => ({ reason: `YAML-syntaxfel: ${yamlErrors[code] ?? detail}`, fix: 'Kontrollera indrag, kolon och citattecken på raden.' }),
  'yaml/unclosed-quote': () => ({ reason: 'Citattecknet som börjar här avslutas aldrig.', fix: 'Lägg till det avslutande citattecknet i slutet av texten, eller ta bort det inledande.' }),
  'yaml/aliases': () => ({
    reason: 'Filen använder alias (*namn) så många gånger att innehållet skulle bli orimligt stort.',
    fix: 'Skriv ut innehållet i stället för att upprepa alias, eller använd färre alias.',
  }),
  'schema/required': ({ field, missing, description }) => ({
    reason: `Fältet "${missing}" saknas${field.name ? ` i ${where(field)}` : ''}.`,
    fix: `Lägg till ${missing}:${description ? ` ${description}` : ' med ett värde.'}`,
  }),
  'schema/unknown-key': ({ field, key, guess, allowed }) => ({
    reason: `Okänd nyckel "${key}"${field.name ? ` i ${where(field)}` : ''}.${guess ? ` Menade du "${guess}"?` : ''}`,
    fix: guess ? `Byt "${key}" mot "${guess}".` : `Ta bort nyckeln. Tillåtna nycklar här: ${allowed.join(', ')}.`,
  }),
  'schema/type': ({ field, expected, found, description }) => ({
    reason: `${subject(field, 'värdet')} har fel typ: väntade ${expected.map(typeName).join(' eller ')}, hittade ${describe(found)}.`,
    fix: description ?? `Skriv ${expected.map(typeName).join(' eller ')}.`,
  }),
  'schema/enum': ({ field, found, allowed, guess }) => ({
    reason: `Otillåtet värde ${describe(found)} för ${where(field, 'fältet')}. Tillåtna värden: ${allowed.join(', ')}.`,
    fix: guess ? `Menade du "${guess}"?` : 'Välj ett av de tillåtna värdena.',
  }),
  'schema/const': ({ field, expected, found }) => ({ reason: `${subject(field, 'värdet')} ska vara "${expected}", hittade ${describe(found)}.`, fix: `Skriv "${expected}".` }),
  'schema/format': ({ field, format, found }) => format === 'date'
    ? { reason: `${describe(found)} är inget giltigt datum (${where(field, 'datum')}).`, fix: 'Skriv ett datum som finns, i formen ÅÅÅÅ-MM-DD, t.ex. 2023-03-16.' }
    : { reason: `${describe(found)} är ingen giltig e-postadress (${where(field, 'e-post')}).`, fix: 'Skriv adressen som namn@exempel.se.' },
  'schema/pattern': ({ field, found, description }) => ({ reason: `${describe(found)} har fel form för ${where(field, 'fältet')}.`, fix: description ?? 'Rätta värdets form.' }),
  'schema/empty-list': ({ field, limit }) => ({
    reason: `Listan${field.name ? ` "${field.name}"` : ''} ${limit === 1 ? 'är tom' : `är för kort: minst ${limit} poster behövs`}.`,
    fix: 'Lägg till poster i listan, eller ta bort fältet om det är frivilligt.',
  }),
  'schema/too-long': ({ field, length, limit }) => ({
    reason: `${subject(field, 'texten')} är ${formatNumber(length)} tecken lång; högst ${formatNumber(limit)} tecken är tillåtet.`,
    fix: 'Korta texten eller dela upp den i flera stycken.',
  }),
  'schema/too-many-items': ({ field, count, limit }) => ({
    reason: `Listan${field.name ? ` "${field.name}"` : ''} har ${formatNumber(count)} poster; högst ${formatNumber(limit)} är tillåtet.`,
    fix: 'Dela upp listan, till exempel i flera tabeller eller en bilaga.',
  }),
  'schema/empty-text': ({ field }) => ({ reason: `${subject(field, 'texten')} är tom.`, fix: 'Skriv en text, eller ta bort fältet om det är frivilligt.' }),
  'schema/minimum': ({ field, found, limit, description }) => ({ reason: `${subject(field, 'talet')} är ${describe(found)}, men ska vara minst ${limit}.`, fix: description ?? 'Rätta talet.' }),
  'schema/maximum': ({ field, found, limit, description }) => ({ reason: `${subject(field, 'talet')} är ${describe(found)}, men ska vara högst ${limit}.`, fix: description ?? 'Rätta talet.' }),
  'schema/too-many-fields': ({ field, found, description }) => ({ reason: `${subject(field, 'posten')} har för många fält (${describe(found)}).`, fix: description ?? 'Kontrollera vilka fält som ska stå här.' }),
  'schema/empty-object': ({ field, description }) => ({ reason: `${subject(field, 'posten')} är tom.`, fix: description ?? 'Kontrollera vilka fält som ska stå här.' }),
  'schema/any-of': ({ field, found, description }) => ({ reason: `${subject(field, 'värdet')} har fel form: hittade ${describe(found)}.`, fix: description ?? 'Kontrollera fältets form.' }),
  'schema/other': ({ field, detail }) => ({ reason: `${subject(field, 'värdet')}: ${detail}.`, fix: 'Kontrollera fältet mot beskrivningen i schemat.' }),
  'ref/unknown-person': (p) => unknownRef('ingen person', 'personen', p),
  'ref/unknown-kommun': (p) => unknownRef('ingen kommun', 'kommunen', p),
  'ref/unknown-organ': (p) => unknownRef('inget organ', 'organet', p),
  'ref/unknown-person-eller-organ': (p) => unknownRef('ingen person och inget organ', 'personen eller organet', p),
  'id/duplicate': ({ id, firstLine }) => ({ reason: `Id "${id}" används redan (rad ${firstLine}). Varje id måste vara unikt i dokumentet.`, fix: `Ge posten ett eget id, t.ex. "${id}-2".` }),
  'budget/fee-mismatch': ({ typed, perCapita, inhabitants, computed }) => ({
    reason: `Avgiften är ${formatAmount(typed)}, men ${perCapita} kr × ${formatNumber(inhabitants)} invånare = ${formatAmount(computed)} (skillnad ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Ta bort beloppet; avgiften räknas ut av avgift_per_invanare och invanare.',
  }),
  'budget/missing-amount': ({ text }) => ({ reason: `Budgetraden "${text}" saknar belopp.`, fix: 'Lägg till belopp: med beloppet i hela kronor, eller avgift: true för raden med kommunernas avgifter.' }),
  'budget/total-mismatch': ({ side, typed, computed }) => ({
    reason: `Summan för ${side === 'intakter' ? 'intäkter' : 'kostnader'} är inskriven som ${formatAmount(typed)}, men raderna blir tillsammans ${formatAmount(computed)} (skillnad ${formatAmount(Math.abs(typed - computed))}).`,
    fix: 'Ta bort den inskrivna summan (den räknas ut), eller rätta beloppen på raderna.',
  }),
  'budget/unbalanced': ({ income, costs }) => ({
    reason: `Budgeten går inte jämnt ut: intäkter ${formatAmount(income)}, kostnader ${formatAmount(costs)} (${income > costs ? 'överskott' : 'underskott'} ${formatAmount(Math.abs(income - costs))}).`,
    fix: 'Kontrollera beloppen om budgeten ska balansera.',
  }),
  'budget/duplicate': ({ count }) => ({ reason: `Planen har ${count} budgetar; den ska ha högst en.`, fix: 'Slå ihop budgetarna till en.' }),
  'calendar/order': ({ date, previous }) => ({ reason: `Mötet ${date} står efter ${previous}; kalendariet ska vara i datumordning.`, fix: 'Flytta raden så att datumen kommer i ordning.' }),
  'calendar/range': ({ from, to }) => ({ reason: `Slutdagen ${to} är inte efter första dagen ${from}.`, fix: 'Rätta till eller datum.' }),
  'calendar/year': ({ date, year }) => ({ reason: `Mötet ${date} ligger inte under ${year}, som planen gäller.`, fix: 'Kontrollera årtalet.' }),
  'calendar/weekday': ({ date, day, body, usual }) => ({
    reason: `${date} är en ${day}, men ${body} sammanträder vanligtvis på ${usual}ar. Kalendariet markerar mötet med "Obs ${day}".`,
    fix: 'Kontrollera datumet. Om dagen stämmer, skriv annan_veckodag: true på raden.',
  }),
  'calendar/title': () => ({ reason: 'Kalendariet saknar både organ och rubrik.', fix: 'Skriv organ: med organets id, eller rubrik: med en rubrik (t.ex. "Konferenser").' }),
  'date/after-document': ({ what, date, documentDate }) => ({
    reason: `${{ beslut: 'Beslutet', avgiftsbeslut: 'Avgiftsbeslutet', val: 'Valet' }[what]} är daterat ${date}, efter dokumentets datum ${documentDate}.`,
    fix: 'Kontrollera datumet här och dokumentets datum.',
  }),
  'date/next-meeting': ({ next, date }) => ({ reason: `Nästa möte (${next}) är inte efter detta möte (${date}).`, fix: 'Rätta datumet.' }),
  'date/previous-decision': ({ previous, date }) => ({ reason: `Det tidigare beslutet (${previous}) är inte före tjänsteskrivelsens datum (${date}).`, fix: 'Kontrollera båda datumen.' }),
  'plan/missing-decision': () => ({
    reason: 'Planen är beslutad men det står inte vem som beslutade den och när.',
    fix: 'Lägg till beslut: { organ: samarbetskommitten, datum: ÅÅÅÅ-MM-DD }, eller ändra status till utkast.',
  }),
  'bilaga/source': ({ title, count }) => ({
    reason: `Bilagan "${title}" ska ha exakt ett av fil, innehall och pdf, men har ${count === 0 ? 'inget' : count}.`,
    fix: 'Skriv fil: med sökvägen till en bilagefil, innehall: med bilagans text, eller pdf: med sökvägen till en PDF.',
  }),
  'bilaga/missing-pdf': ({ fil }) => ({ reason: `PDF-filen "${fil}" finns inte eller är ingen PDF.`, fix: 'Kontrollera sökvägen; den räknas från mappen där denna fil ligger.' }),
  'bilaga/pdf-order': ({ title }) => ({
    reason: `PDF-bilagan "${title}" står före en skriven bilaga. PDF-bilagor läggs sist i dokumentet, så de måste stå sist i listan.`,
    fix: 'Flytta PDF-bilagorna sist bland bilagorna.',
  }),
  'bilaga/missing-file': ({ fil }) => ({ reason: `Bilagefilen "${fil}" finns inte, eller är inte en bilaga (typ: bilaga).`, fix: 'Kontrollera sökvägen; den räknas från mappen där denna fil ligger.' }),
  'minutes/duplicate-attendee': ({ id }) => ({ reason: `"${id}" står två gånger bland deltagarna.`, fix: 'Ta bort den ena raden.' }),
  'minutes/present-and-absent': ({ id }) => ({ reason: `"${id}" står både som deltagare och som frånvarande.`, fix: 'Ta bort personen från den ena listan.' }),
  'minutes/justerare-not-present': ({ id }) => ({
    reason: `Justeraren "${id}" finns inte bland deltagarna.`,
    fix: 'Justeraren måste ha varit med på mötet: lägg till personen bland deltagarna eller välj en annan justerare.',
  }),
  'minutes/chair-not-present': ({ id }) => ({ reason: `Ordföranden "${id}" finns inte bland deltagarna.`, fix: 'Lägg till ordföranden bland deltagarna.' }),
  'minutes/decision-text': () => ({ reason: 'Beslutet saknar text och har inte exakt ett uppdrag att skriva texten från.', fix: 'Skriv beslutets text i text:.' }),
  'tjansteskrivelse/unknown-arende': ({ id }) => ({ reason: `Det finns inget ärende med id "${id}".`, fix: 'Lägg en arende.yaml med detta id i samma mapp, eller rätta id:t.' }),
  'arende/placeholder': ({ name, allowed }) => ({ reason: `Okänd platshållare {${name}}.`, fix: `Tillåtna platshållare: ${allowed.map((n) => `{${n}}`).join(', ')}.` }),
  'register/duplicate-person': ({ name, firstId }) => ({
    reason: `${name} finns redan i registret (id "${firstId}").`,
    fix: 'En person registreras en gång; hänvisa till det befintliga id:t och ta bort denna post.',
  }),
  'register/duplicate': ({ first }) => ({ reason: `Det finns redan ett register: ${first}. Det får bara finnas ett.`, fix: 'Flytta posterna till det första registret och ta bort denna fil.' }),
  'register/missing': () => ({
    reason: 'Inget giltigt register hittades (sources/register.yaml), så namn och hänvisningar kan inte kontrolleras.',
    fix: 'Rätta felen i registret, eller lägg till sources/register.yaml med typ: register.',
  }),
  'fill-in/final': ({ count }) => ({ reason: `Dokumentet är slutligt men har ${count} fält kvar att fylla i.`, fix: 'Fyll i fälten markerade med ifylles, eller ändra status till utkast.' }),
  'output/name-clash': ({ fileName, other }) => ({ reason: `Dokumentet får samma filnamn (${fileName}) som ${other}.`, fix: 'Ändra år, datum eller kommun så att dokumenten skiljer sig åt.' }),
  'print/blocked-request': ({ urls }) => ({
    reason: `Dokumentet försökte hämta något utanför projektets egna filer, vilket stoppades: ${urls.join(', ')}.`,
    fix: 'Det här är ett fel i mallarna; rapportera det.',
  }),
  'print/failed': ({ error }) => ({ reason: `PDF:en kunde inte skapas: ${error}`, fix: 'Försök igen; om felet består, rapportera det.' }),
  'edition/final-changed': ({ id, version }) => ({
    reason: `Utgåvan ${id} är slutlig och arkiverad, men källan har ändrats sedan dess. En slutlig utgåva ändras aldrig.`,
    fix: `Gör en ny utgåva: höj version till ${version + 1} och sätt status: utkast tills den är beslutad. Vill du inte ändra något, ångra ändringen i källan.`,
  }),
  'edition/pdf-differs': ({ id }) => ({
    reason: `Den arkiverade PDF:en för ${id} skiljer sig från den som byggdes nu, fast mallar, typsnitt och verktyg är desamma (troligen en annan version av Chromium). Arkivet behålls som det var.`,
    fix: 'Inget att göra för källan; kör handlingar rebuild för att jämföra.',
  }),
  'edition/archive-failed': ({ error }) => ({ reason: `Utgåvan kunde inte arkiveras: ${error}`, fix: 'Kontrollera att mappen editions/ går att skriva i.' }),
};

function unknownRef(none: string, the: string, { id, guess }: { id: string; guess?: string }) {
  return {
    reason: `Det finns ${none} med id "${id}" i registret.${guess ? ` Menade du "${guess}"?` : ''}`,
    fix: guess ? `Byt "${id}" mot "${guess}".` : `Lägg till ${the} i sources/register.yaml, eller rätta id:t.`,
  };
}

/** 'fältet "datum"', 'post 2 i "sektioner"'. */
function where(field: FieldRef, fallback = ''): string {
  if (!field.name) return fallback;
  return field.index === undefined ? `fältet "${field.name}"` : `post ${field.index + 1} i "${field.name}"`;
}

function subject(field: FieldRef, fallback: string): string {
  const text = where(field, fallback);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(found: Found): string {
  switch (found.kind) {
    case 'none': return 'inget värde';
    case 'text': return `"${found.text}"`;
    case 'scalar': return found.text;
    case 'list': return `en lista med ${found.count} poster`;
    case 'object': return found.keys.length === 0 ? 'ett tomt objekt' : `ett objekt med ${found.keys.map((k) => `"${k}"`).join(', ')}`;
  }
}

const typeNames: Record<string, string> = {
  string: 'en text', integer: 'ett heltal', number: 'ett tal', boolean: 'true eller false',
  object: 'ett objekt (nycklar med värden)', array: 'en lista (rader som börjar med "- ")', null: 'inget värde',
};

function typeName(type: string): string {
  return typeNames[type] ?? type;
}

const yamlErrors: Record<string, string> = {
  BAD_INDENT: 'indraget stämmer inte med raderna ovanför.',
  MISSING_CHAR: 'ett tecken saknas (t.ex. ett avslutande citattecken eller en hakparentes).',
  MULTILINE_IMPLICIT_KEY: 'en nyckel sträcker sig över flera rader; troligen saknas ett kolon eller ett citattecken.',
  UNEXPECTED_TOKEN: 'oväntat tecken.',
  BLOCK_AS_IMPLICIT_KEY: 'en lista eller ett objekt står där en nyckel väntades.',
  BAD_SCALAR_START: 'värdet börjar med ett tecken som måste stå inom citattecken (t.ex. @ eller `).',
  ALIAS_PROPS: 'ett alias (*namn) kan inte ha egenskaper.',
  BAD_ALIAS: 'aliaset (*namn) hänvisar inte till något ankare (&namn).',
  TAB_AS_INDENT: 'tabb används som indrag.',
  RESOURCE_EXHAUSTION: 'filen är för djupt nästlad (för många nivåer av listor eller objekt i varandra).',
  UNCLOSED_FLOW: 'en lista eller ett objekt som börjar med [ eller { avslutas inte med ] eller }.',
};
