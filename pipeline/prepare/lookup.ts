import { capitalize } from '../core/format.ts';
import { type Person, type PersonDetails, personAsOf, type Register } from '../core/model.ts';

/**
 * Looks names up in the register as it was on a document's date (`asOf`):
 * a person's title, municipality, body and contact details are those of the
 * period that held then, else those written on the person. Validation has
 * already made sure every id exists.
 */
export class Lookup {
  constructor(
    private readonly register: Register,
    private readonly asOf?: string,
  ) {}

  /** The register itself, for what is not looked up by id (every municipality's inhabitants). */
  registerData(): Register {
    return this.register;
  }

  person(id: string): Person {
    return personAsOf(this.find(this.register.personer, id, 'person'), this.asOf);
  }

  municipality(id: string): Register['kommuner'][number] {
    return this.find(this.register.kommuner, id, 'kommun');
  }

  body(id: string): Register['organ'][number] {
    return this.find(this.register.organ, id, 'organ');
  }

  /** The names of all municipalities, in register order. */
  municipalityNames(): string[] {
    return this.register.kommuner.map((k) => k.namn);
  }

  /** A person's or a body's name as written in running text. */
  name(id: string): string {
    const person = this.register.personer.find((p) => p.id === id);
    return person ? person.namn : this.body(id).namn;
  }

  /** Where a person comes from: "Botkyrka", or the body's name ("Södertörns kansli"). */
  affiliation(person: PersonDetails): string {
    if (person.kommun) return this.municipality(person.kommun).namn;
    if (person.organ) return capitalize(this.body(person.organ).namn);
    return '';
  }

  /** "Ebba Östlin, Botkyrka kommun". */
  nameWithMunicipality(id: string): string {
    const person = this.person(id);
    if (person.kommun) return `${person.namn}, ${this.municipality(person.kommun).kommun}`;
    return person.organ ? `${person.namn}, ${capitalize(this.body(person.organ).namn)}` : person.namn;
  }

  private find<T extends { id: string }>(list: readonly T[], id: string, what: string): T {
    const found = list.find((item) => item.id === id);
    if (!found) throw new Error(`Unknown ${what} id "${id}": references must be checked before prepare`);
    return found;
  }
}
