import type { Person } from '../domain/disclosure/types';
import type { Directory } from '../ports/directory';
import { ROLES, type OrgChart, type OrgChartPerson, type Role } from './org-chart';

/** The directory as the org chart file describes it (local default, and small agencies without Graph). */
export class OrgChartDirectory implements Directory {
  constructor(private readonly chart: OrgChart) {}

  async getUser(id: string): Promise<Person | null> {
    const person = this.chart.byId(id);
    return person ? toPerson(person) : null;
  }

  async getManager(id: string): Promise<Person | null> {
    const managerId = this.chart.byId(id)?.managerId;
    const manager = managerId ? this.chart.byId(managerId) : undefined;
    return manager ? toPerson(manager) : null;
  }

  async colleagues(id: string): Promise<Person[]> {
    const managerId = this.chart.byId(id)?.managerId ?? null;
    return this.chart.people
      .filter(
        (p) =>
          p.id !== id &&
          (p.id === managerId || p.managerId === id || (managerId !== null && p.managerId === managerId)),
      )
      .map(toPerson)
      .sort(byName);
  }

  async listPeople(): Promise<Person[]> {
    return this.chart.people.map(toPerson);
  }

  async listGroupMembers(groupId: string): Promise<Person[] | null> {
    if (!(ROLES as readonly string[]).includes(groupId)) return null;
    return this.chart.withRole(groupId as Role).map(toPerson);
  }
}

export const byName = (a: Person, b: Person): number => a.displayName.localeCompare(b.displayName);

function toPerson(p: OrgChartPerson): Person {
  return {
    id: p.id,
    displayName: p.displayName,
    email: p.email,
    jobTitle: p.jobTitle,
    department: p.department,
  };
}
