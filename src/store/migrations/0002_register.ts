/**
 * The ethics officer's register: derived columns and the indexes its queries need.
 *
 * - `category`: the gift's relationship or the conflict's category (what the register filters and counts by).
 * - `donor_text`: the donor's organisation and name (gifts only), for the donor filter's substring match.
 * - `search`: the full-text document (english) over reference, employee, donor, description and parties.
 *
 * All three are generated (stored) columns, so every writer keeps them right without knowing about them.
 * Every register index ends in `created_at desc, id desc`: the keyset order of the register, so a
 * filtered page reads just `limit` index entries. Written for a new or small table (plain CREATE INDEX,
 * inside the migration's transaction); on a large live table, build them CONCURRENTLY by hand first.
 */
import { sql, type Kysely } from 'kysely';

/** The text of a jsonb field, or '' (to_tsvector and || must not meet a null). */
const field = (name: string) => `coalesce(details->>'${name}', '')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `alter table disclosures
         add column category text generated always as (
           case type when 'gift' then details->>'relationship' else details->>'category' end
         ) stored,
         add column donor_text text generated always as (
           case when type = 'gift'
             then ${field('donorOrganization')} || ' ' || ${field('donorName')}
           end
         ) stored,
         add column search tsvector generated always as (
           to_tsvector('english'::regconfig,
             reference || ' ' || employee_name || ' ' || ${field('donorName')} || ' ' ||
             ${field('donorOrganization')} || ' ' || ${field('description')} || ' ' || ${field('parties')})
         ) stored`,
    )
    .execute(db);

  const keyset = (name: string, lead: string) =>
    sql.raw(`create index ${name} on disclosures (${lead}created_at desc, id desc)`).execute(db);
  await keyset('disclosures_register_idx', '');
  await keyset('disclosures_register_state_idx', 'state, ');
  await keyset('disclosures_register_outcome_idx', 'outcome, ');
  await keyset('disclosures_register_type_idx', 'type, ');
  await keyset('disclosures_register_category_idx', 'category, ');
  await keyset('disclosures_register_unit_idx', 'employee_department, ');

  await sql`create index disclosures_search_idx on disclosures using gin (search)`.execute(db);
  // The donor filter: a prefix of the folded donor key …
  await sql`create index disclosures_donor_key_prefix_idx on disclosures (donor_key text_pattern_ops)`.execute(
    db,
  );
  // … or a substring of the organisation or name, which only a trigram index can serve. pg_trgm ships with
  // PostgreSQL and is a trusted extension, but a managed server may not allow it: the register then works
  // without this index (the donor filter reads the keyset index instead).
  await sql`
    do $$
    begin
      begin
        create extension if not exists pg_trgm;
      exception when others then
        raise notice 'pg_trgm is not available (%): the donor filter will not use a trigram index', sqlerrm;
      end;
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index disclosures_donor_text_trgm_idx on disclosures using gin (donor_text gin_trgm_ops)';
      end if;
    end $$`.execute(db);
  // Donor totals: a year of gifts by the date received.
  await sql`create index disclosures_gift_date_idx on disclosures (gift_date) where type = 'gift'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'disclosures_gift_date_idx',
    'disclosures_donor_text_trgm_idx',
    'disclosures_donor_key_prefix_idx',
    'disclosures_search_idx',
    'disclosures_register_unit_idx',
    'disclosures_register_category_idx',
    'disclosures_register_type_idx',
    'disclosures_register_outcome_idx',
    'disclosures_register_state_idx',
    'disclosures_register_idx',
  ])
    await sql.raw(`drop index if exists ${name}`).execute(db);
  // pg_trgm stays: other objects may have come to use it.
  await sql`alter table disclosures drop column if exists search, drop column if exists donor_text,
            drop column if exists category`.execute(db);
}
