import { Client } from 'pg';
import { createTestDatabase } from '../support/database';

describe('the test database', () => {
  it('is a real PostgreSQL server that accepts queries', async () => {
    const db = await createTestDatabase();
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query('select current_database() as name');
    expect(r.rows[0].name).toMatch(/^candor_test_/);
    await c.end();
    await db.drop();
  });
});
