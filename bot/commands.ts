/**
 * The bot's text commands, in one place: the handler dispatches on them and the manifest's
 * commandLists must list the same ones (a test compares them).
 */
export const COMMANDS = {
  gift: 'gift',
  conflict: 'conflict',
  mine: 'my disclosures',
  pending: 'pending',
  delegate: 'delegate',
  events: 'events',
  help: 'help',
} as const;

export type Command = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Descriptions shown in Teams' command menu and on the help card. */
export const COMMAND_DESCRIPTIONS: Record<Command, string> = {
  gift: 'Disclose a gift you were offered, accepted or declined',
  conflict: 'Disclose a possible conflict of interest',
  'my disclosures': 'See your disclosures and where they stand',
  pending: 'See disclosures waiting for your review',
  delegate: 'Choose who decides your reviews while you are out ("delegate off" ends it)',
  events: 'See upcoming outreach events and trainings, and register',
  help: 'What Candor can do',
};

const ALIASES: Record<string, Command> = {
  gift: 'gift',
  'disclose a gift': 'gift',
  conflict: 'conflict',
  'disclose a conflict': 'conflict',
  'my disclosures': 'my disclosures',
  mine: 'my disclosures',
  pending: 'pending',
  'pending reviews': 'pending',
  delegate: 'delegate',
  delegation: 'delegate',
  'delegate off': 'delegate',
  'end delegation': 'delegate',
  events: 'events',
  trainings: 'events',
  'upcoming events': 'events',
  help: 'help',
  '?': 'help',
};

export function parseCommand(text: string): Command | null {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return ALIASES[t] ?? null;
}
