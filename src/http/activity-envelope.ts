/**
 * The shape an activity posted to `/api/messages` must have before botbuilder sees it: the envelope
 * every Bot Framework channel sends (`type`, `serviceUrl`, `from`, `recipient`, `conversation.id`), and
 * the fields the bot reads or copies into its replies with their schema types. botbuilder does not check them, and a
 * reply built from a wrong-typed field fails to serialize (a 500); such a body is a bad request (400).
 */
import { z } from 'zod';

const account = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

const envelope = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().nullish(),
  serviceUrl: z.string(),
  channelId: z.string().optional(),
  locale: z.string().optional(),
  replyToId: z.string().optional(),
  action: z.string().optional(),
  timestamp: z.string().optional(),
  localTimestamp: z.string().optional(),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string(),
    isGroup: z.boolean().optional(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    name: z.string().optional(),
  }),
  channelData: z.record(z.string(), z.unknown()).optional(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).optional(),
  attachments: z.array(z.record(z.string(), z.unknown())).optional(),
});

export function isWellFormedActivity(body: unknown): boolean {
  return envelope.safeParse(body).success;
}
