/**
 * Each app instance holds a session advisory lock `(INSTANCE_LOCK_CLASS, key)` on a connection of its
 * own for as long as it runs. Work it claims is marked with `key`; when its process dies (kill -9, a
 * lost host), PostgreSQL ends the session and frees the lock, and any other instance — or the same app
 * restarted — can tell that work was abandoned, at once and without guessing from timeouts.
 */
import { randomInt } from 'node:crypto';
import { Client } from 'pg';

export const INSTANCE_LOCK_CLASS = 0x0ca1d;

export interface InstanceLock {
  readonly key: number;
  /** Set when the lock's connection was lost: stop claiming work (another instance may take it over). */
  readonly lost: boolean;
  release(): Promise<void>;
}

export async function acquireInstanceLock(
  databaseUrl: string,
  onLost: (err: unknown) => void,
): Promise<InstanceLock> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'candor-instance' });
  await client.connect();
  let lost = false;
  client.on('error', (err) => {
    lost = true;
    onLost(err);
  });
  for (;;) {
    const key = randomInt(1, 2 ** 31 - 1);
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      INSTANCE_LOCK_CLASS,
      key,
    ]);
    if (!rows[0]?.ok) continue; // another live instance drew the same key
    return {
      key,
      get lost() {
        return lost;
      },
      release: async () => {
        await client.end().catch(() => undefined);
      },
    };
  }
}
