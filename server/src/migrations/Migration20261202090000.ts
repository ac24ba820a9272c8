import { Migration } from '@mikro-orm/migrations';

/** Weekly e-mail digests of new materials: one row per address and feed, confirmed by a link. */
export class Migration20261202090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "digest_subscription" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" text not null, "feed" text not null, "title" text not null, "token" text not null, "confirmation_sent_at" timestamptz not null, "confirmed_at" timestamptz null, "cancelled_at" timestamptz null, "last_digest_at" timestamptz null, "failed_at" timestamptz null, constraint "digest_subscription_pkey" primary key ("id"));`);
    this.addSql(`alter table "digest_subscription" add constraint "digest_subscription_email_feed_unique" unique ("email", "feed");`);
    this.addSql(`alter table "digest_subscription" add constraint "digest_subscription_token_unique" unique ("token");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "digest_subscription" cascade;`);
  }
}
