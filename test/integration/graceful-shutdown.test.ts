/**
 * Graceful shutdown: `stop()` stops accepting connections first, lets the requests in flight finish,
 * then lets running jobs finish (pg-boss graceful stop), and closes the database last.
 */
import http from 'node:http';
import { Client } from 'pg';
import { VERBS } from '../../bot/cards/verbs';
import { startTestApp, type TestApp } from '../support/app-harness';
import { cardOf, cardVerbs } from '../support/teams-client';
import { reviewableGift } from '../support/fixtures';

/** A Bot Connector that holds every request until released: the bot's reply keeps its turn in flight. */
async function heldConnector() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const firstArrival = new Promise<void>((r) => (arrived = r));
  const server = http.createServer((req, res) => {
    req.resume();
    arrived();
    void released.then(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'held-reply' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    firstArrival,
    release,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A request on a fresh connection (no keep-alive reuse): resolves with the status or the error code. */
function freshGet(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
});

afterEach(async () => {
  await t.connector.close();
  await t.database.drop();
});

describe('stopping the app', () => {
  it('refuses new connections at once, finishes the request in flight with 200, and loses no disclosure or job', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    await t.teams.as(t.person('Daniel Ortiz')).install();
    await alex.say('gift');
    const form = await t.connector.waitFor(
      (e) => e.conversationId === alex.conversationId && cardVerbs(e.activity).includes(VERBS.submitGift),
    );
    // A submission whose card for the reviewer is queued as a job, moments before the stop.
    cardOf(await alex.click(VERBS.submitGift, reviewableGift(), form.activityId));

    // Renee asks for help; the bot's reply is held by the connector, so her request stays in flight.
    const held = await heldConnector();
    const renee = t.person('Renee Walsh');
    const inFlight = t.teams.post({
      ...t.teams.activity(renee, { type: 'message', text: 'help' }),
      serviceUrl: held.serviceUrl,
    });
    await held.firstArrival;

    let stopped = false;
    const stopping = t.app.stop().then(() => (stopped = true));
    // The listener closes first: a new connection is refused while the request is still running.
    let refused: number | string = 0;
    for (let i = 0; i < 100 && refused !== 'ECONNREFUSED'; i++) {
      refused = await freshGet(`${t.app.url}/healthz`);
      if (refused !== 'ECONNREFUSED') await new Promise((r) => setTimeout(r, 20));
    }
    expect(refused).toBe('ECONNREFUSED');
    expect(stopped).toBe(false);

    held.release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    await stopping;
    expect(stopped).toBe(true);
    await held.close();

    // Nothing lost: the disclosure and its audit entry are there, and every job is either done or still
    // queued for the next start — none was cut off while running.
    const db = new Client({ connectionString: t.database.url });
    await db.connect();
    try {
      const disclosures = await db.query<{ n: string }>('select count(*) as n from disclosures');
      expect(Number(disclosures.rows[0]!.n)).toBe(1);
      const audit = await db.query<{ n: string }>(
        `select count(*) as n from audit_log where action = 'submitted'`,
      );
      expect(Number(audit.rows[0]!.n)).toBe(1);
      const jobs = await db.query<{ name: string; state: string }>(
        'select name, state::text from pgboss.job',
      );
      expect(jobs.rows.filter((j) => j.name === 'card.send').length).toBeGreaterThanOrEqual(1);
      expect(jobs.rows.filter((j) => j.state === 'active')).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
