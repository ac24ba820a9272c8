import { Migration } from '@mikro-orm/migrations';

/** Surveys of teachers' professional needs: questions as JSON on the survey, one row per response. */
export class Migration20261122130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "survey_status" as enum ('OPEN', 'CLOSED');`);
    this.addSql(`create table "survey" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "description" text not null default '', "questions" jsonb not null, "status" "survey_status" not null default 'OPEN', "link_token" text not null, "created_by_id" uuid null, constraint "survey_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey" add constraint "survey_link_token_unique" unique ("link_token");`);
    this.addSql(`alter table "survey" add constraint "survey_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`create table "survey_response" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "survey_id" uuid not null, "respondent_id" uuid null, "answers" jsonb not null, constraint "survey_response_pkey" primary key ("id"));`);
    this.addSql(`create index "survey_response_survey_id_index" on "survey_response" ("survey_id");`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_survey_id_respondent_id_unique" unique ("survey_id", "respondent_id");`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_survey_id_foreign" foreign key ("survey_id") references "survey" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_respondent_id_foreign" foreign key ("respondent_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "survey_response" cascade;`);
    this.addSql(`drop table if exists "survey" cascade;`);
    this.addSql(`drop type if exists "survey_status";`);
  }
}
