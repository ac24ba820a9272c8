import { Migration } from '@mikro-orm/migrations';

/** The log of backups: a scheduled time is claimed by one server process only (unique slot). */
export class Migration20261130100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "backup_run" ("id" bigserial primary key, "slot" timestamptz null, "trigger" text not null, "status" text not null, "started_at" timestamptz not null default now(), "heartbeat_at" timestamptz not null default now(), "finished_at" timestamptz null, "file" text null, "size_bytes" bigint null, "error" text null, constraint "backup_run_slot_unique" unique ("slot"));`);
    this.addSql(`create index "backup_run_started_at_index" on "backup_run" ("started_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backup_run";`);
  }
}
