/**
 * Teams user ids of people who chatted with the bot: read once per instance, then from memory; a person
 * not found yet is looked up again, so a chat saved by another instance is seen.
 */
import { createDb, migrateToLatest, type Db } from '../../src/store/db';
import { PgChatStore } from '../../src/store/chat-store';
import type { StoredReference } from '../../src/ports/chat-store';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let db: Db;
let pool: { end(): Promise<void> };

const chat = (userId: string, teamsUserId: string): StoredReference => ({
  userId,
  teamsUserId,
  conversationId: `a:${userId}`,
  serviceUrl: 'http://127.0.0.1:1/',
  tenantId: null,
  reference: {},
});

beforeAll(async () => {
  database = await createTestDatabase();
  ({ db, pool } = createDb(database.url, 2));
  await migrateToLatest(db);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('teamsUserIds', () => {
  it('answers from the database, then from memory, and looks up again who was not found', async () => {
    const one = new PgChatStore(db);
    const other = new PgChatStore(db);
    await other.saveReference(chat('alex', '29:alex'));

    expect(await one.teamsUserIds(['alex', 'daniel'])).toEqual(new Map([['alex', '29:alex']]));

    // Daniel chats with the other instance; this one has not seen him, so it asks the database again.
    await other.saveReference(chat('daniel', '29:daniel'));
    await db.deleteFrom('conversation_refs').where('user_id', '=', 'alex').execute();
    expect(await one.teamsUserIds(['alex', 'daniel'])).toEqual(
      new Map([
        ['alex', '29:alex'], // from memory: the row is gone
        ['daniel', '29:daniel'],
      ]),
    );
    expect(await one.teamsUserIds([])).toEqual(new Map());
  });
});
