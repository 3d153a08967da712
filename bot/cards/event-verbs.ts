/** The Action.Execute verbs of the events cards. Each carries `eventId` in its data. */
import type { ExecuteAction, ActionData } from './card';
import type { Verb } from './verbs';

export const EVENT_VERBS = {
  list: 'events.list',
  register: 'events.register',
  cancel: 'events.cancelRegistration',
} as const;

export type EventVerb = (typeof EVENT_VERBS)[keyof typeof EVENT_VERBS];

/** An Action.Execute button with an events verb (the core's `execute` knows only the core's verbs). */
export function eventAction(
  title: string,
  verb: EventVerb,
  data: ActionData,
  style?: ExecuteAction['style'],
): ExecuteAction {
  return { type: 'Action.Execute', title, verb: verb as unknown as Verb, data, ...(style ? { style } : {}) };
}
