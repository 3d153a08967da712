/**
 * Whether a reviewer is away, as their mailbox says: Microsoft Graph
 * `GET /users/{id}/mailboxSettings/automaticRepliesSetting` (application permission
 * MailboxSettings.Read). Away when automatic replies are `alwaysEnabled`, or `scheduled` and the moment
 * falls between `scheduledStartDateTime` and `scheduledEndDateTime` (dateTimeTimeZone objects: a local
 * date-time and its zone, IANA or Windows). A user without a mailbox (404) is not away; any other
 * failure throws, and the caller routes as usual.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Availability } from '../ports/availability';

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const automaticReplies = z.object({
  status: z.enum(['disabled', 'alwaysEnabled', 'scheduled']),
  scheduledStartDateTime: dateTimeTimeZone.nullish(),
  scheduledEndDateTime: dateTimeTimeZone.nullish(),
});

/** Windows zone names Exchange may answer with, for the zones of the United States. */
const WINDOWS_ZONES: Record<string, string> = {
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'GMT Standard Time': 'Europe/London',
  'Coordinated Universal Time': 'UTC',
};

export class GraphAvailability implements Availability {
  constructor(private readonly client: Client) {}

  async isAway(userId: string, at: Date): Promise<boolean> {
    const path = `/users/${encodeURIComponent(userId)}/mailboxSettings/automaticRepliesSetting`;
    let body: unknown;
    try {
      body = await this.client.api(path).get();
    } catch (err) {
      if (err instanceof GraphError && err.statusCode === 404) return false;
      throw err;
    }
    const setting = automaticReplies.parse(body);
    if (setting.status === 'alwaysEnabled') return true;
    if (setting.status === 'disabled') return false;
    const start = instant(setting.scheduledStartDateTime);
    const end = instant(setting.scheduledEndDateTime);
    if (!start || !end) return false;
    return start <= at && at < end;
  }
}

/** A Graph dateTimeTimeZone as an instant, or null when it cannot be read. */
export function instant(value: z.infer<typeof dateTimeTimeZone> | null | undefined): Date | null {
  if (!value) return null;
  const zone = WINDOWS_ZONES[value.timeZone ?? 'UTC'] ?? value.timeZone ?? 'UTC';
  // Graph writes seven fractional digits ("2026-11-23T08:00:00.0000000"); luxon reads up to nine, but
  // keep milliseconds only.
  const local = value.dateTime.replace(/(\.\d{3})\d+$/, '$1');
  const t = DateTime.fromISO(local, { zone });
  return t.isValid ? t.toJSDate() : null;
}
