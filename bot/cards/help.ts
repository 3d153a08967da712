/** The help card: what you can type to Candor. */
import {
  adaptiveCard,
  execute,
  facts,
  heading,
  text,
  type AdaptiveCard,
  type CardElement,
  type ExecuteAction,
} from './card';
import { VERBS } from './verbs';

/** The chat commands, with what each does: one list for the help and welcome cards. */
export const COMMANDS: ReadonlyArray<[command: string, meaning: string]> = [
  ['gift', 'Disclose a gift you were offered or received'],
  ['conflict', 'Disclose a possible conflict of interest'],
  ['my disclosures', 'See your disclosures and where they stand'],
  ['pending', 'See what is waiting for your review'],
  ['delegate', 'Choose who decides your reviews while you are out'],
  ['events', 'See upcoming outreach events and trainings, and register'],
  ['help', 'Show this list'],
];

export function commandList(): CardElement[] {
  return facts(COMMANDS.map(([command, meaning]) => [command, meaning]));
}

/** The four starting points, as buttons. */
export function mainButtons(): ExecuteAction[] {
  return [
    execute('Disclose a gift', VERBS.openGiftForm),
    execute('Disclose a conflict', VERBS.openConflictForm),
    execute('My disclosures', VERBS.listMine),
    execute('Pending reviews', VERBS.listPending),
  ];
}

const MAX_ECHO = 80;

/** With `input`, the card first says that this message was not understood. */
export function helpCard(input?: string): AdaptiveCard {
  const said = input?.trim();
  const echo = said ? (said.length > MAX_ECHO ? `${said.slice(0, MAX_ECHO - 1)}…` : said) : null;
  return adaptiveCard(
    [
      ...(echo ? [text(`I didn't understand “${echo}”.`, { weight: 'bolder' })] : []),
      heading('What you can type'),
      ...commandList(),
      text('Or use the buttons below.', { isSubtle: true }),
    ],
    mainButtons(),
  );
}
