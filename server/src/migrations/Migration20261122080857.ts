import { Migration } from '@mikro-orm/migrations';

/** API tokens for other systems, stored hashed, and their hourly usage. */
export class Migration20261122080857 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "token_scope" as enum ('READ', 'READ_WRITE');`);
    this.addSql(`create table "api_token_usage" ("token" uuid not null, "window_start" timestamptz not null, "used" int not null default 0, constraint "api_token_usage_pkey" primary key ("token", "window_start"));`);
    this.addSql(`create table "api_token" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "token_hash" text not null, "prefix" text not null, "scope" "token_scope" not null, "budget_per_hour" int not null, "expires_at" timestamptz not null, "created_by_id" uuid not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`alter table "api_token" add constraint "api_token_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_token_usage" cascade;`);
    this.addSql(`drop table if exists "api_token" cascade;`);
    this.addSql(`drop type "token_scope";`);
  }
}
