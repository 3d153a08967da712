/**
 * A small typed subset of the Adaptive Card 1.5 schema, enough for Candor's cards, and helpers that
 * build its elements. Cards are plain JSON: no SDK here.
 */
import type { Verb as CoreVerb } from './verbs';

/** A verb of the core (VERBS) or of a feature (its own verbs const, `feature.action`). */
export type Verb = CoreVerb | `${string}.${string}`;

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';
/** Teams refreshes a card automatically for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

export type TextColor = 'default' | 'accent' | 'good' | 'warning' | 'attention';
export type ContainerStyle = 'default' | 'emphasis' | 'accent' | 'good' | 'warning' | 'attention';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large';

interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: 'small' | 'default' | 'medium' | 'large';
  weight?: 'lighter' | 'default' | 'bolder';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'default' | 'heading';
}

export interface TextRun {
  type: 'TextRun';
  text: string;
  italic?: boolean;
  weight?: 'lighter' | 'default' | 'bolder';
}

export interface RichTextBlock extends ElementBase {
  type: 'RichTextBlock';
  inlines: TextRun[];
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: Array<ExecuteAction | OpenUrlAction>;
}

interface InputBase extends ElementBase {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface InputText extends InputBase {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

export interface InputDate extends InputBase {
  type: 'Input.Date';
  value?: string;
}

export interface InputToggle extends InputBase {
  type: 'Input.Toggle';
  title: string;
  value: 'true' | 'false';
  valueOn: 'true';
  valueOff: 'false';
  wrap: true;
}

export interface Choice {
  title: string;
  value: string;
}

export interface InputChoiceSet extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  value?: string;
  /** `filtered`: a type-ahead list (Adaptive Cards 1.5), for long lists such as colleagues. */
  style?: 'compact' | 'expanded' | 'filtered';
  placeholder?: string;
  wrap?: boolean;
}

export type InputElement = InputText | InputDate | InputToggle | InputChoiceSet;
export type CardElement = TextBlock | RichTextBlock | Container | FactSet | ActionSet | InputElement;

export type ActionData = Record<string, string | number | boolean | null>;

/** A verb of the core (VERBS) or of a feature's own verbs const (bot/feature.ts). */
export type AnyVerb = Verb | (string & {});

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: AnyVerb;
  data?: ActionData;
  associatedInputs?: 'auto' | 'none';
  style?: 'default' | 'positive' | 'destructive';
}

/** Opens a web page (a download, the public verification page): no bot round trip. */
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

export interface Refresh {
  action: { type: 'Action.Execute'; verb: Verb; data: ActionData };
  userIds: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof CARD_SCHEMA;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: ExecuteAction[];
  refresh?: Refresh;
}

export function adaptiveCard(
  body: CardElement[],
  actions: ExecuteAction[] = [],
  refresh?: Refresh,
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...(refresh ? { refresh } : {}),
  };
}

/**
 * Universal Actions refresh for the given users (at most 60, as Teams allows); none when there is no one
 * to refresh for.
 */
export function refreshFor(verb: Verb, data: ActionData, userIds: readonly string[]): Refresh | undefined {
  const ids = [...new Set(userIds)].slice(0, MAX_REFRESH_USERS);
  if (ids.length === 0) return undefined;
  return { action: { type: 'Action.Execute', verb, data }, userIds: ids };
}

export function execute(
  title: string,
  verb: AnyVerb,
  data?: ActionData,
  options: Pick<ExecuteAction, 'associatedInputs' | 'style'> = {},
): ExecuteAction {
  return { type: 'Action.Execute', title, verb, ...(data ? { data } : {}), ...options };
}

type TextOptions = Omit<TextBlock, 'type' | 'text'>;

export function text(value: string, options: TextOptions = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function heading(value: string): TextBlock {
  return text(value, { size: 'large', weight: 'bolder', style: 'heading' });
}

export function subheading(value: string): TextBlock {
  return text(value, { weight: 'bolder', spacing: 'medium' });
}

export function subtle(value: string): TextBlock {
  return text(value, { isSubtle: true, spacing: 'small' });
}

/** A FactSet of the pairs whose value is known; nothing when none is. */
export function facts(pairs: Array<[title: string, value: string | null | undefined]>): FactSet[] {
  const known = pairs.filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '');
  return known.length === 0
    ? []
    : [{ type: 'FactSet', facts: known.map(([title, value]) => ({ title, value })) }];
}

/** One line per item, each starting with a bullet: plain text, so no markdown list rules apply. */
export function bullets(items: readonly string[]): TextBlock[] {
  return items.map((item) => text(`•  ${item}`, { spacing: 'small' }));
}

export function container(
  items: CardElement[],
  style?: ContainerStyle,
  options: ElementBase = {},
): Container {
  return { type: 'Container', items, ...(style ? { style } : {}), ...options };
}

/** Quoted text shown in italics on a shaded background. TextRun is used so the quote is not read as markdown. */
export function quote(value: string): Container {
  return container(
    [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: value, italic: true }] }],
    'emphasis',
  );
}

/** A link shown as text, so every button on a card stays an Action.Execute. */
export function link(title: string, url: string): TextBlock {
  return text(`[${title}](${url})`, { spacing: 'medium' });
}

/** Cuts long text at a word boundary and marks the cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
