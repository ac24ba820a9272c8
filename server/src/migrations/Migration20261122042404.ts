import { Migration } from '@mikro-orm/migrations';

export class Migration20261122042404 extends Migration {

  /** The search outbox and PostgreSQL's full-text fallback. */
  override async up(): Promise<void> {
    this.addSql(`create table "search_outbox" ("id" bigserial primary key, "kind" text not null, "entity_id" uuid not null, "created_at" timestamptz not null default clock_timestamp(), "available_at" timestamptz not null default clock_timestamp(), "attempts" int not null default 0, "last_error" text null, "processed_at" timestamptz null);`);
    this.addSql(`create index "search_outbox_pending" on "search_outbox" ("available_at", "id") where "processed_at" is null;`);

    this.addSql(`alter table "material" add column "search_vector" tsvector generated always as (setweight(to_tsvector('russian', coalesce(title, '')), 'A') || setweight(to_tsvector('russian', coalesce(summary, '')), 'B') || setweight(to_tsvector('russian', coalesce(body, '')), 'C')) stored null;`);
    this.addSql(`create index "material_search_vector_index" on "material" using gin ("search_vector");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_outbox" cascade;`);

    this.addSql(`drop index "material_search_vector_index";`);
    this.addSql(`alter table "material" drop column "search_vector";`);
  }

}
