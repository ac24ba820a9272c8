import { Migration } from '@mikro-orm/migrations';

/** Per-IP request counters by minute, shared by every server (not an entity: written by one upsert). */
export class Migration20261122083000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rate_counter" ("key" text not null, "window_start" timestamptz not null, "hits" int not null default 0, constraint "rate_counter_pkey" primary key ("key", "window_start"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_counter";`);
  }
}
