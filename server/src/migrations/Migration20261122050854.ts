import { Migration } from '@mikro-orm/migrations';

export class Migration20261122050854 extends Migration {

  /** Accounts, sessions, audit, expert review, revisions and registration numbers. */
  override async up(): Promise<void> {
    this.addSql(`create type "role" as enum ('READER', 'AUTHOR', 'EXPERT', 'METHODIST', 'ADMIN');`);
    this.addSql(`create type "review_decision" as enum ('RECOMMEND', 'REVISE', 'REJECT');`);
    this.addSql(`create table "login_throttle" ("email" text not null, "failures" int not null default 0, "first_failure_at" timestamptz not null default now(), "locked_until" timestamptz null, constraint "login_throttle_pkey" primary key ("email"));`);

    this.addSql(`create table "review_criterion" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" text not null, "name" text not null, "max_score" int not null, "position" int not null default 0, constraint "review_criterion_pkey" primary key ("id"));`);
    this.addSql(`alter table "review_criterion" add constraint "review_criterion_code_unique" unique ("code");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" text not null, "name" text not null, "role" "role" not null, "person_id" uuid null, "active" boolean not null default true, "password_hash" text not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "session" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "token_hash" text not null, "user_id" uuid not null, "expires_at" timestamptz not null, "last_seen_at" timestamptz not null default now(), constraint "session_pkey" primary key ("id"));`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "review" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "material_id" uuid not null, "reviewer_id" uuid not null, "scores" jsonb not null, "decision" "review_decision" not null, "comment" text not null default '', constraint "review_pkey" primary key ("id"));`);
    this.addSql(`create index "review_material_id_index" on "review" ("material_id");`);

    this.addSql(`create table "material_revision" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "material_id" uuid not null, "version" int not null, "author_id" uuid null, "action" text not null, "changes" jsonb not null, "snapshot" jsonb not null, constraint "material_revision_pkey" primary key ("id"));`);
    this.addSql(`create index "material_revision_material_id_index" on "material_revision" ("material_id");`);

    this.addSql(`create table "audit_event" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "type" text not null, "actor_id" uuid null, "subject" text null, "details" jsonb null, constraint "audit_event_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_event_created_at_index" on "audit_event" ("created_at");`);

    this.addSql(`alter table "app_user" add constraint "app_user_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "review" add constraint "review_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review" add constraint "review_reviewer_id_foreign" foreign key ("reviewer_id") references "app_user" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "material_revision" add constraint "material_revision_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_revision" add constraint "material_revision_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "audit_event" add constraint "audit_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "material" add column "version" int not null default 1, add column "created_by_id" uuid null, add column "reviewer_id" uuid null, add column "registration_number" text null;`);
    this.addSql(`alter table "material" add constraint "material_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "material" add constraint "material_reviewer_id_foreign" foreign key ("reviewer_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "material" add constraint "material_registration_number_unique" unique ("registration_number");`);

    // Registration numbers count per year: ИМЦ-2026-00001, …
    this.addSql(`create table "registration_counter" ("year" int primary key, "last" int not null);`);
    // The centre's expert evaluation criteria (data: editable without a release).
    this.addSql(`insert into "review_criterion" ("id", "code", "name", "max_score", "position") values
      (gen_random_uuid(), 'relevance', 'Актуальность', 5, 1),
      (gen_random_uuid(), 'novelty', 'Новизна', 5, 2),
      (gen_random_uuid(), 'practical_value', 'Практическая значимость', 5, 3),
      (gen_random_uuid(), 'reproducibility', 'Воспроизводимость (возможность использования другими педагогами)', 5, 4),
      (gen_random_uuid(), 'presentation', 'Качество оформления и изложения', 5, 5);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "registration_counter" cascade;`);
    this.addSql(`alter table "material" drop constraint if exists "material_created_by_id_foreign", drop constraint if exists "material_reviewer_id_foreign", drop constraint if exists "material_registration_number_unique";`);
    this.addSql(`alter table "material" drop column "version", drop column "created_by_id", drop column "reviewer_id", drop column "registration_number";`);
    for (const table of ['audit_event', 'material_revision', 'review', 'session', 'app_user', 'review_criterion', 'login_throttle']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
    this.addSql(`drop type "review_decision";`);
    this.addSql(`drop type "role";`);
  }

}
