/**
 * Validates card JSON with the `adaptivecards` package, for tests. Three kinds of problem are reported:
 * events raised while parsing (unknown element types, invalid property values), the library's own
 * validation (duplicate ids, required inputs without label or error message, too many actions…), and
 * property names the library does not know (it silently ignores those, so a typo such as "lable" would
 * otherwise pass).
 *
 * The package's main entry is an ES module build that Node cannot load; its UMD bundle in dist/ can be
 * required directly and needs no browser globals for parsing, so none are set.
 */
import { createRequire } from 'node:module';
import type * as AC from 'adaptivecards';

const ac = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof AC;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaNames(object: AC.SerializableObject): Set<string> {
  const schema = object.getSchema();
  const names = new Set<string>();
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

/** Collections the library parses by hand, outside its property schemas. */
const COLLECTIONS: Record<string, string[]> = {
  AdaptiveCard: ['body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
  RichTextBlock: ['inlines'],
  'Input.ChoiceSet': ['choices'],
  'Action.ShowCard': ['card'],
};

function knownProperties(type: string): Set<string> | null {
  const version = ac.Versions.v1_5;
  const object: AC.SerializableObject | undefined =
    type === 'AdaptiveCard'
      ? new ac.AdaptiveCard()
      : type === 'Column'
        ? new ac.Column()
        : (ac.GlobalRegistry.elements.createInstance(type, version) ??
          ac.GlobalRegistry.actions.createInstance(type, version));
  if (!object) return null; // an unknown type: reported by the parser already
  const names = schemaNames(object);
  for (const key of [...(COLLECTIONS[type] ?? []), 'fallback']) names.add(key);
  return names;
}

function checkKeys(object: Json, known: Set<string>, where: string, problems: string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) problems.push(`unknown property "${key}" on ${where}`);
  }
}

function walk(node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${i}]`, problems));
    return;
  }
  if (!isObject(node)) return;
  const type = typeof node.type === 'string' ? node.type : null;
  if (type) {
    const known = knownProperties(type);
    if (known) checkKeys(node, known, `${type} at ${path}`, problems);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'data') continue; // free-form action payload
    const at = `${path}.${key}`;
    if (key === 'refresh' && isObject(value))
      checkKeys(value, schemaNames(new ac.RefreshDefinition()), at, problems);
    if (key === 'choices' && Array.isArray(value)) {
      value
        .filter(isObject)
        .forEach((c, i) => checkKeys(c, schemaNames(new ac.Choice()), `${at}[${i}]`, problems));
    }
    if (key === 'facts' && Array.isArray(value)) {
      value
        .filter(isObject)
        .forEach((f, i) => checkKeys(f, schemaNames(new ac.Fact()), `${at}[${i}]`, problems));
    }
    walk(value, at, problems);
  }
}

/** Every problem the adaptivecards package (and the property-name check) finds in the card; [] when valid. */
export function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  const card = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  walk(json, 'card', problems);
  return problems;
}
