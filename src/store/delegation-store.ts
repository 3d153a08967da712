/** Reviewers' delegations over PostgreSQL; every change is audited in the same transaction. */
import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Delegation, DelegationInput, DelegationStore } from '../ports/delegation-store';
import { appendAudit } from './audit-store';
import type { Db } from './db';
import type { Database, DelegationsTable } from './schema';

export class PgDelegationStore implements DelegationStore {
  constructor(private readonly db: Db) {}

  async activeOn(reviewerId: string, date: string): Promise<Delegation | null> {
    const row = await this.db
      .selectFrom('delegations')
      .selectAll()
      .where('reviewer_id', '=', reviewerId)
      .where('revoked_at', 'is', null)
      .where('starts_on', '<=', date)
      .where('ends_on', '>=', date)
      .executeTakeFirst();
    return row ? toDelegation(row) : null;
  }

  async current(reviewerId: string, today: string): Promise<Delegation | null> {
    const row = await this.db
      .selectFrom('delegations')
      .selectAll()
      .where('reviewer_id', '=', reviewerId)
      .where('revoked_at', 'is', null)
      .where('ends_on', '>=', today)
      .executeTakeFirst();
    return row ? toDelegation(row) : null;
  }

  async replace(input: DelegationInput, at: Date): Promise<Delegation> {
    return this.db.transaction().execute(async (trx) => {
      // One change at a time per reviewer: two saves at once must not both find nothing to end.
      await sql`select pg_advisory_xact_lock(hashtext(${`delegation:${input.reviewerId}`}))`.execute(trx);
      await this.endIn(trx, input.reviewerId, at, 'replaced');
      const row = await trx
        .insertInto('delegations')
        .values({
          id: randomUUID(),
          reviewer_id: input.reviewerId,
          delegate_id: input.delegate.id,
          delegate_name: input.delegate.displayName,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(
        trx,
        {
          disclosureId: null,
          actorId: input.reviewerId,
          action: 'delegation_set',
          fromState: null,
          toState: null,
          details: {
            delegationId: row.id,
            delegateId: input.delegate.id,
            startsOn: input.startsOn,
            endsOn: input.endsOn,
          },
        },
        at,
      );
      return toDelegation(row);
    });
  }

  async end(reviewerId: string, at: Date): Promise<Delegation | null> {
    return this.db.transaction().execute((trx) => this.endIn(trx, reviewerId, at, 'ended'));
  }

  private async endIn(
    trx: Transaction<Database>,
    reviewerId: string,
    at: Date,
    why: 'ended' | 'replaced',
  ): Promise<Delegation | null> {
    const row = await trx
      .updateTable('delegations')
      .set({ revoked_at: at })
      .where('reviewer_id', '=', reviewerId)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await appendAudit(
      trx,
      {
        disclosureId: null,
        actorId: reviewerId,
        action: 'delegation_ended',
        fromState: null,
        toState: null,
        details: { delegationId: row.id, delegateId: row.delegate_id, why },
      },
      at,
    );
    return toDelegation(row);
  }
}

function toDelegation(row: Selectable<DelegationsTable>): Delegation {
  return {
    id: row.id,
    reviewerId: row.reviewer_id,
    delegate: { id: row.delegate_id, displayName: row.delegate_name },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    createdAt: row.created_at,
  };
}
