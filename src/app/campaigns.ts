/** Campaign use cases: launching one (who gets it, what text), and the exports of who acknowledged. */
import type { Audience, Campaign, Recipient } from '../domain/campaign/types';
import { policyText } from '../domain/campaign/policy-text';
import type { Person } from '../domain/disclosure/types';
import { ValidationError } from '../domain/errors';
import type { PolicyPack } from '../domain/policy/types';
import type { CampaignStore } from '../ports/campaign-store';
import type { Directory } from '../ports/directory';
import { CSV_BOM, csvLine } from './register';

export interface CampaignDeps {
  store: CampaignStore;
  directory: Directory;
  packs: readonly PolicyPack[];
}

export interface LaunchInput {
  packId: string;
  year: number;
  audience: Audience;
  /** Days between automatic reminders to those who have not acknowledged; 0: none. */
  reminderIntervalDays: number;
}

export async function launchCampaign(
  deps: CampaignDeps,
  actorId: string,
  input: LaunchInput,
): Promise<Campaign> {
  const pack = deps.packs.find((p) => p.id === input.packId);
  if (!pack)
    throw new ValidationError([
      {
        field: 'packId',
        message: `No policy pack "${input.packId}" is loaded. Choose one of: ${deps.packs.map((p) => p.id).join(', ')}.`,
      },
    ]);
  const { people, label } = await audiencePeople(deps.directory, input.audience);
  if (people.length === 0)
    throw new ValidationError([{ field: 'audience', message: 'No one is in this audience.' }]);
  return deps.store.launch({
    policy: policyText(pack),
    year: input.year,
    audience: input.audience,
    audienceLabel: label,
    createdBy: actorId,
    people,
    reminderIntervalDays: input.reminderIntervalDays,
  });
}

async function audiencePeople(
  directory: Directory,
  audience: Audience,
): Promise<{ people: Person[]; label: string }> {
  switch (audience.kind) {
    case 'everyone': {
      const people = await directory.listPeople();
      return { people, label: 'Everyone' };
    }
    case 'department': {
      const wanted = audience.department.trim().toLowerCase();
      const people = (await directory.listPeople()).filter((p) => p.department?.toLowerCase() === wanted);
      return { people, label: `Department: ${audience.department}` };
    }
    case 'group': {
      const people = await directory.listGroupMembers(audience.groupId);
      if (!people)
        throw new ValidationError([
          { field: 'audience.groupId', message: `There is no group "${audience.groupId}" in the directory.` },
        ]);
      return { people, label: `Group: ${audience.groupId}` };
    }
    case 'people': {
      const found = await Promise.all(audience.ids.map((id) => directory.getUser(id)));
      const unknown = audience.ids.filter((_, i) => !found[i]);
      if (unknown.length > 0)
        throw new ValidationError([
          { field: 'audience.ids', message: `Not in the directory: ${unknown.slice(0, 10).join(', ')}.` },
        ]);
      return {
        people: found.filter((p): p is Person => p !== null),
        label: `${audience.ids.length} ${audience.ids.length === 1 ? 'person' : 'people'}`,
      };
    }
  }
}

const CSV_PAGE = 1000;

/**
 * The campaign's recipients as CSV, page by page (never all in memory): those who acknowledged, or those
 * who have not (sent, queued, being sent or failed, with the reason).
 */
export async function* campaignCsv(
  store: CampaignStore,
  campaignId: string,
  acknowledged: boolean,
  timeZone: string,
): AsyncGenerator<string> {
  yield (
    CSV_BOM +
    csvLine([
      'Name',
      'Email',
      'Department',
      'State',
      'Acknowledged at',
      'Sent at',
      'Reminders sent',
      'Last reminded at',
      'Reason',
    ])
  );
  const states: Recipient['state'][] = acknowledged
    ? ['acknowledged']
    : ['queued', 'sending', 'sent', 'failed'];
  let after: { displayName: string; id: string } | undefined;
  for (;;) {
    const page = await store.recipients(campaignId, { states, after, limit: CSV_PAGE });
    if (page.length > 0)
      yield page
        .map((r) =>
          csvLine([
            r.displayName,
            r.email,
            r.department ?? '',
            r.state,
            r.acknowledgedAt ? localTime(r.acknowledgedAt, timeZone) : '',
            r.sentAt ? localTime(r.sentAt, timeZone) : '',
            String(r.remindersSent),
            r.lastRemindedAt ? localTime(r.lastRemindedAt, timeZone) : '',
            r.reason ?? '',
          ]),
        )
        .join('');
    if (page.length < CSV_PAGE) return;
    const last = page[page.length - 1]!;
    after = { displayName: last.displayName, id: last.id };
  }
}

/** `2026-03-02 14:05` in the agency's time zone. */
function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
