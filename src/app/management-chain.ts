import type { Person } from '../domain/disclosure/types';
import type { Directory } from '../ports/directory';

/**
 * The person's manager, the manager's manager, … up to `depth` levels, stopping at a cycle or at the
 * first manager `enough` accepts (so the usual case costs one directory call).
 */
export async function managementChain(
  directory: Directory,
  personId: string,
  depth: number,
  enough: (manager: Person) => boolean = () => false,
): Promise<Person[]> {
  const chain: Person[] = [];
  const seen = new Set([personId]);
  let current = personId;
  for (let i = 0; i < depth; i++) {
    const manager = await directory.getManager(current);
    if (!manager || seen.has(manager.id)) break;
    chain.push(manager);
    seen.add(manager.id);
    if (enough(manager)) break;
    current = manager.id;
  }
  return chain;
}
