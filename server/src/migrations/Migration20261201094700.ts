import { Migration } from '@mikro-orm/migrations';

/**
 * The working side of the centre: one-time password links (invitations and resets), dictionaries
 * that retire and know which levels a subject is taught at, review criteria with rubrics, survey
 * deadlines, and imports that add missing dictionary entries or map the bank's own spellings.
 */
export class Migration20261201094700 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "password_link_purpose" as enum ('INVITATION', 'RESET');`);
    this.addSql(`create table "password_link" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "token_hash" text not null, "user_id" uuid not null, "purpose" "password_link_purpose" not null, "expires_at" timestamptz not null, "issued_by_id" uuid null, constraint "password_link_pkey" primary key ("id"));`);
    this.addSql(`alter table "password_link" add constraint "password_link_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "password_link_user_id_index" on "password_link" ("user_id");`);
    this.addSql(`alter table "password_link" add constraint "password_link_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "password_link" add constraint "password_link_issued_by_id_foreign" foreign key ("issued_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`create table "subject_level" ("subject_id" uuid not null, "education_level_id" uuid not null, constraint "subject_level_pkey" primary key ("subject_id", "education_level_id"));`);
    this.addSql(`alter table "subject_level" add constraint "subject_level_subject_id_foreign" foreign key ("subject_id") references "subject" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "subject_level" add constraint "subject_level_education_level_id_foreign" foreign key ("education_level_id") references "education_level" ("id") on update cascade on delete cascade;`);
    // Until now a subject's levels were whatever its materials said: take those pairs as where it is taught.
    this.addSql(`insert into "subject_level" ("subject_id", "education_level_id") select distinct ms."subject_id", ml."education_level_id" from "material_subject" ms join "material_level" ml on ml."material_id" = ms."material_id";`);

    this.addSql(`alter table "subject" add column "retired_at" timestamptz null;`);
    this.addSql(`alter table "education_level" add column "retired_at" timestamptz null;`);
    this.addSql(`alter table "method_association" add column "retired_at" timestamptz null;`);
    this.addSql(`alter table "review_criterion" add column "rubric" text not null default '', add column "retired_at" timestamptz null;`);
    // What the scores of the criteria the centre starts with mean, for experts and for the authors reading a review.
    const rubrics: Record<string, string[]> = {
      relevance: ['тема не связана с задачами образования района', 'актуальность заявлена, но не обоснована', 'обоснована общими словами', 'обоснована задачами школы', 'обоснована задачами района и ФГОС', 'отвечает острой задаче района, обоснована данными'],
      novelty: ['пересказ известного', 'известное в новых условиях', 'частично новые приёмы', 'новое сочетание известных методик', 'собственные приёмы автора', 'оригинальная методика, нигде не описанная'],
      practical_value: ['результатов нет', 'результаты заявлены без подтверждения', 'результаты в одном классе', 'подтверждённые результаты', 'результаты за несколько лет', 'устойчивые результаты, подтверждённые мониторингом'],
      reproducibility: ['повторить нельзя', 'повторить может только автор', 'нужно многое додумать', 'описаны шаги, нужны доработки', 'описаны шаги и материалы', 'готово к использованию: шаги, материалы, условия'],
      presentation: ['изложение не читается', 'много ошибок, нет структуры', 'структура есть, изложение неровное', 'ясно, с отдельными недочётами', 'ясно и грамотно', 'образцово: ясно, грамотно, с приложениями'],
    };
    const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
    for (const [code, lines] of Object.entries(rubrics)) {
      const rubric = lines.map((line, score) => `${score} — ${line}`).join('\n');
      this.addSql(`update "review_criterion" set "rubric" = ${literal(rubric)} where "code" = ${literal(code)} and "rubric" = '' and "max_score" = 5;`);
    }

    this.addSql(`alter table "survey" add column "closes_on" date null;`);
    this.addSql(`alter table "import_job" add column "create_missing" boolean not null default false, add column "mapping" jsonb not null default '[]', add column "unknown_values" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_job" drop column "create_missing", drop column "mapping", drop column "unknown_values";`);
    this.addSql(`alter table "survey" drop column "closes_on";`);
    this.addSql(`alter table "review_criterion" drop column "rubric", drop column "retired_at";`);
    this.addSql(`alter table "method_association" drop column "retired_at";`);
    this.addSql(`alter table "education_level" drop column "retired_at";`);
    this.addSql(`alter table "subject" drop column "retired_at";`);
    this.addSql(`drop table if exists "subject_level";`);
    this.addSql(`drop table if exists "password_link";`);
    this.addSql(`drop type if exists "password_link_purpose";`);
  }
}
