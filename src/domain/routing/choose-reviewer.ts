/**
 * Who reviews a disclosure. Pure: the caller fetches the management chain from the directory.
 * The reviewer is the first manager up the chain who is not a party to the disclosure; with none, the
 * ethics officer (unless the ethics officer is the employee or a party, then nobody can be chosen here).
 */
import type { Disclosure, Person } from '../disclosure/types';

export interface ReviewerChoice {
  reviewer: Person | null;
  reason: 'manager' | 'skipped_party' | 'ethics_officer' | 'none';
}

export function chooseReviewer(input: {
  employee: Person;
  /** The employee's manager, their manager, … (nearest first). */
  chain: Person[];
  ethicsOfficer: Person | null;
  isParty: (person: Person) => boolean;
}): ReviewerChoice {
  const eligible = (p: Person) => p.id !== input.employee.id && !input.isParty(p);
  const first = input.chain[0];
  const pick = input.chain.find(eligible);
  if (pick) return { reviewer: pick, reason: pick === first ? 'manager' : 'skipped_party' };
  if (input.ethicsOfficer && eligible(input.ethicsOfficer))
    return { reviewer: input.ethicsOfficer, reason: 'ethics_officer' };
  return { reviewer: null, reason: 'none' };
}

/** A person is a party when the disclosure names them as donor or party (by display name or email). */
export function namesPerson(text: string, person: Person): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const haystack = fold(text);
  return (
    (person.displayName.length > 0 && haystack.includes(fold(person.displayName))) ||
    (person.email.length > 0 && haystack.includes(fold(person.email)))
  );
}

/** The text naming the disclosure's other side: the donor and their organisation, or the conflict's parties. */
export function partyText(d: Pick<Disclosure, 'gift' | 'conflict'>): string {
  return d.gift ? `${d.gift.donorName} ${d.gift.donorOrganization ?? ''}` : (d.conflict?.parties ?? '');
}
