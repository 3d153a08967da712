import type { Person } from '../domain/disclosure/types';

/**
 * Who people are and who manages them. Implemented by the Microsoft Graph adapter and by the org chart
 * file adapter. `id` is the Entra ID object id.
 */
export interface Directory {
  /** The person, or null when the directory does not know them. */
  getUser(id: string): Promise<Person | null>;
  /** The person's manager, or null when they have none. */
  getManager(id: string): Promise<Person | null>;
  /**
   * The people someone works with, who could stand in for them (a review delegate): their manager, the
   * manager's other reports and their own reports, by name, without the person.
   */
  colleagues(id: string): Promise<Person[]>;
  /** Everyone in the directory (campaign audiences). */
  listPeople(): Promise<Person[]>;
  /**
   * The members of a group, or null when there is no such group. With Graph, an Entra group id; in the
   * org chart, whose only groups are its roles, a role name.
   */
  listGroupMembers(groupId: string): Promise<Person[] | null>;
}
