import { Migration } from '@mikro-orm/migrations';

/**
 * Answers by link: one per browser (a key derived from its signed cookie, unique per survey) and
 * marked as such; secrets the servers of one database share (the cookie's signing key).
 */
export class Migration20261130090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "server_secret" ("name" text not null, "value" text not null, "created_at" timestamptz not null default now(), constraint "server_secret_pkey" primary key ("name"));`);
    this.addSql(`alter table "survey_response" add column "by_link" boolean not null default false, add column "browser_key" text null;`);
    // Until now an answer without a respondent could only have come by link.
    this.addSql(`update "survey_response" set "by_link" = true where "respondent_id" is null;`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_survey_id_browser_key_unique" unique ("survey_id", "browser_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "survey_response" drop constraint "survey_response_survey_id_browser_key_unique";`);
    this.addSql(`alter table "survey_response" drop column "by_link", drop column "browser_key";`);
    this.addSql(`drop table if exists "server_secret";`);
  }
}
