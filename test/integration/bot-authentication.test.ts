import { startTestApp, type TestApp } from '../support/app-harness';

let t: TestApp;

afterEach(async () => {
  await t.stop();
});

describe('the bot endpoint with an app id configured', () => {
  beforeEach(async () => {
    t = await startTestApp({
      BOT_APP_ID: '5f1f0d3c-0000-4000-8000-00000000b07',
      BOT_APP_PASSWORD: 'x',
      BOT_APP_TYPE: 'MultiTenant',
    });
  });

  it('refuses an activity that carries no Bot Framework token, and does nothing with it', async () => {
    const alex = t.teams.as(t.person('Alex Kim'));
    const res = await alex.say('gift');
    expect(res.status).toBe(401);
    expect(t.connector.requests).toHaveLength(0);
    expect(await t.app.db.selectFrom('conversation_refs').selectAll().execute()).toHaveLength(0);
  });

  it('refuses an activity whose token is not a signed Bot Framework token', async () => {
    const activity = t.teams.activity(t.person('Alex Kim'), { type: 'message', text: 'gift' });
    const res = await fetch(`${t.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(401);
    expect(t.connector.requests).toHaveLength(0);
  });
});

describe('the bot endpoint without an app id (local default)', () => {
  beforeEach(async () => {
    t = await startTestApp();
  });

  it('answers a chat without authentication, as the Agents Playground needs', async () => {
    const res = await t.teams.as(t.person('Alex Kim')).say('help');
    expect(res.status).toBe(200);
    await t.connector.waitFor((e) => e.kind === 'reply' || e.kind === 'send');
  });

  it('answers health and readiness probes', async () => {
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
