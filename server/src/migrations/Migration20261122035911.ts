import { Migration } from '@mikro-orm/migrations';

export class Migration20261122035911 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "extraction_status" as enum ('PENDING', 'DONE', 'FAILED', 'NOT_APPLICABLE');`);
    this.addSql(`create type "organization_type" as enum ('SCHOOL', 'KINDERGARTEN', 'ADDITIONAL_EDUCATION', 'METHODOLOGICAL_CENTRE', 'OTHER');`);
    this.addSql(`create type "material_kind" as enum ('BEST_PRACTICE', 'PUBLICATION', 'METHODOLOGICAL_MATERIAL', 'NORMATIVE_DOCUMENT');`);
    this.addSql(`create type "material_status" as enum ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'REJECTED', 'ARCHIVED');`);
    this.addSql(`create type "expert_level" as enum ('ORGANIZATION', 'MUNICIPAL', 'REGIONAL');`);
    this.addSql(`create type "methodological_material_type" as enum ('LESSON_PLAN', 'WORK_PROGRAMME', 'RECOMMENDATIONS', 'EVENT_SCENARIO', 'ASSESSMENT', 'PRESENTATION');`);
    this.addSql(`create type "legal_status" as enum ('IN_FORCE', 'REPEALED');`);
    this.addSql(`create type "qualification_category" as enum ('NONE', 'CONFORMITY', 'FIRST', 'HIGHEST');`);
    this.addSql(`create table "collection" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title" text not null, "description" text not null default '', "published" boolean not null default false, constraint "collection_pkey" primary key ("id"));`);

    this.addSql(`create table "education_level" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" text not null, "name" text not null, "position" int not null default 0, constraint "education_level_pkey" primary key ("id"));`);
    this.addSql(`alter table "education_level" add constraint "education_level_code_unique" unique ("code");`);

    this.addSql(`create table "keyword" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, constraint "keyword_pkey" primary key ("id"));`);
    this.addSql(`alter table "keyword" add constraint "keyword_name_unique" unique ("name");`);

    this.addSql(`create table "media_file" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "file_name" text not null, "mime_type" text not null, "size" bigint not null, "sha256" text not null, "storage_key" text not null, "text" text null, "page_count" int null, "extraction_status" "extraction_status" not null default 'PENDING', constraint "media_file_pkey" primary key ("id"));`);
    this.addSql(`alter table "media_file" add constraint "media_file_sha256_unique" unique ("sha256");`);

    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "short_name" text null, "type" "organization_type" not null default 'SCHOOL', "municipality" text not null, "address" text null, "website" text null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_name_index" on "organization" ("name");`);
    this.addSql(`create index "organization_municipality_index" on "organization" ("municipality");`);

    this.addSql(`create table "material" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" "material_kind" not null, "external_id" text null, "title" text not null, "summary" text not null default '', "body" text not null default '', "status" "material_status" not null default 'DRAFT', "grades" integer[] not null default '{}', "published_at" timestamptz null, "view_count" int not null default 0, "download_count" int not null default 0, "organization_id" uuid null, "problem" text null, "goal" text null, "novelty" text null, "results" text null, "reuse_conditions" text null, "expert_level" "expert_level" null, "source" text null, "year" int null, "pages" text null, "isbn" text null, "issn" text null, "doi" text null, "url" text null, "material_type" "methodological_material_type" null, "number" text null, "adopted_at" date null, "issuer" text null, "legal_status" "legal_status" null, constraint "material_pkey" primary key ("id"));`);
    this.addSql(`create index "material_kind_index" on "material" ("kind");`);
    this.addSql(`alter table "material" add constraint "material_external_id_unique" unique ("external_id");`);
    this.addSql(`create index "material_organization_id_index" on "material" ("organization_id");`);
    this.addSql(`create index "material_grades_gin" on "material" using gin ("grades");`);
    this.addSql(`create index "material_status_published_at_index" on "material" ("status", "published_at");`);

    this.addSql(`create table "material_file" ("material_id" uuid not null, "file_id" uuid not null, "title" text null, "position" int not null, constraint "material_file_pkey" primary key ("material_id", "file_id"));`);
    this.addSql(`create index "material_file_file_id_index" on "material_file" ("file_id");`);

    this.addSql(`create table "material_level" ("material_id" uuid not null, "education_level_id" uuid not null, constraint "material_level_pkey" primary key ("material_id", "education_level_id"));`);

    this.addSql(`create table "material_keyword" ("material_id" uuid not null, "keyword_id" uuid not null, constraint "material_keyword_pkey" primary key ("material_id", "keyword_id"));`);

    this.addSql(`create table "collection_item" ("collection_id" uuid not null, "material_id" uuid not null, "position" int not null, "note" text null, constraint "collection_item_pkey" primary key ("collection_id", "material_id"));`);
    this.addSql(`create index "collection_item_material_id_index" on "collection_item" ("material_id");`);

    this.addSql(`create table "person" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "full_name" text not null, "position" text null, "organization_id" uuid null, "qualification_category" "qualification_category" not null default 'NONE', "experience_years" int null, constraint "person_pkey" primary key ("id"));`);
    this.addSql(`create index "person_full_name_index" on "person" ("full_name");`);

    this.addSql(`create table "material_author" ("material_id" uuid not null, "person_id" uuid not null, "position" int not null, constraint "material_author_pkey" primary key ("material_id", "person_id"));`);
    this.addSql(`create index "material_author_person_id_index" on "material_author" ("person_id");`);

    this.addSql(`create table "subject" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "position" int not null default 0, constraint "subject_pkey" primary key ("id"));`);
    this.addSql(`alter table "subject" add constraint "subject_name_unique" unique ("name");`);

    this.addSql(`create table "person_subject" ("person_id" uuid not null, "subject_id" uuid not null, constraint "person_subject_pkey" primary key ("person_id", "subject_id"));`);

    this.addSql(`create table "method_association" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "subject_id" uuid null, "leader_id" uuid null, constraint "method_association_pkey" primary key ("id"));`);

    this.addSql(`create table "method_association_member" ("method_association_id" uuid not null, "person_id" uuid not null, constraint "method_association_member_pkey" primary key ("method_association_id", "person_id"));`);

    this.addSql(`create table "material_subject" ("material_id" uuid not null, "subject_id" uuid not null, constraint "material_subject_pkey" primary key ("material_id", "subject_id"));`);

    this.addSql(`alter table "material" add constraint "material_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "material_file" add constraint "material_file_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_file" add constraint "material_file_file_id_foreign" foreign key ("file_id") references "media_file" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "material_level" add constraint "material_level_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_level" add constraint "material_level_education_level_id_foreign" foreign key ("education_level_id") references "education_level" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "material_keyword" add constraint "material_keyword_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_keyword" add constraint "material_keyword_keyword_id_foreign" foreign key ("keyword_id") references "keyword" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "collection_item" add constraint "collection_item_collection_id_foreign" foreign key ("collection_id") references "collection" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "collection_item" add constraint "collection_item_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "person" add constraint "person_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "material_author" add constraint "material_author_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_author" add constraint "material_author_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "person_subject" add constraint "person_subject_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "person_subject" add constraint "person_subject_subject_id_foreign" foreign key ("subject_id") references "subject" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "method_association" add constraint "method_association_subject_id_foreign" foreign key ("subject_id") references "subject" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "method_association" add constraint "method_association_leader_id_foreign" foreign key ("leader_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "method_association_member" add constraint "method_association_member_method_association_id_foreign" foreign key ("method_association_id") references "method_association" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "method_association_member" add constraint "method_association_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "material_subject" add constraint "material_subject_material_id_foreign" foreign key ("material_id") references "material" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "material_subject" add constraint "material_subject_subject_id_foreign" foreign key ("subject_id") references "subject" ("id") on update cascade on delete cascade;`);
    // Reverse lookups of the pivots: "materials of this subject / level / keyword", "people of this organization".
    this.addSql(`create index "material_subject_subject_id_index" on "material_subject" ("subject_id");`);
    this.addSql(`create index "material_level_education_level_id_index" on "material_level" ("education_level_id");`);
    this.addSql(`create index "material_keyword_keyword_id_index" on "material_keyword" ("keyword_id");`);
    this.addSql(`create index "person_organization_id_index" on "person" ("organization_id");`);
    this.addSql(`create index "person_subject_subject_id_index" on "person_subject" ("subject_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "collection_item" drop constraint "collection_item_collection_id_foreign";`);

    this.addSql(`alter table "material_level" drop constraint "material_level_education_level_id_foreign";`);

    this.addSql(`alter table "material_keyword" drop constraint "material_keyword_keyword_id_foreign";`);

    this.addSql(`alter table "material_file" drop constraint "material_file_file_id_foreign";`);

    this.addSql(`alter table "material" drop constraint "material_organization_id_foreign";`);

    this.addSql(`alter table "person" drop constraint "person_organization_id_foreign";`);

    this.addSql(`alter table "material_file" drop constraint "material_file_material_id_foreign";`);

    this.addSql(`alter table "material_level" drop constraint "material_level_material_id_foreign";`);

    this.addSql(`alter table "material_keyword" drop constraint "material_keyword_material_id_foreign";`);

    this.addSql(`alter table "collection_item" drop constraint "collection_item_material_id_foreign";`);

    this.addSql(`alter table "material_author" drop constraint "material_author_material_id_foreign";`);

    this.addSql(`alter table "material_subject" drop constraint "material_subject_material_id_foreign";`);

    this.addSql(`alter table "material_author" drop constraint "material_author_person_id_foreign";`);

    this.addSql(`alter table "person_subject" drop constraint "person_subject_person_id_foreign";`);

    this.addSql(`alter table "method_association" drop constraint "method_association_leader_id_foreign";`);

    this.addSql(`alter table "method_association_member" drop constraint "method_association_member_person_id_foreign";`);

    this.addSql(`alter table "person_subject" drop constraint "person_subject_subject_id_foreign";`);

    this.addSql(`alter table "method_association" drop constraint "method_association_subject_id_foreign";`);

    this.addSql(`alter table "material_subject" drop constraint "material_subject_subject_id_foreign";`);

    this.addSql(`alter table "method_association_member" drop constraint "method_association_member_method_association_id_foreign";`);

    this.addSql(`drop table if exists "collection" cascade;`);

    this.addSql(`drop table if exists "education_level" cascade;`);

    this.addSql(`drop table if exists "keyword" cascade;`);

    this.addSql(`drop table if exists "media_file" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "material" cascade;`);

    this.addSql(`drop table if exists "material_file" cascade;`);

    this.addSql(`drop table if exists "material_level" cascade;`);

    this.addSql(`drop table if exists "material_keyword" cascade;`);

    this.addSql(`drop table if exists "collection_item" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);

    this.addSql(`drop table if exists "material_author" cascade;`);

    this.addSql(`drop table if exists "subject" cascade;`);

    this.addSql(`drop table if exists "person_subject" cascade;`);

    this.addSql(`drop table if exists "method_association" cascade;`);

    this.addSql(`drop table if exists "method_association_member" cascade;`);

    this.addSql(`drop table if exists "material_subject" cascade;`);

    this.addSql(`drop type "extraction_status";`);
    this.addSql(`drop type "organization_type";`);
    this.addSql(`drop type "material_kind";`);
    this.addSql(`drop type "material_status";`);
    this.addSql(`drop type "expert_level";`);
    this.addSql(`drop type "methodological_material_type";`);
    this.addSql(`drop type "legal_status";`);
    this.addSql(`drop type "qualification_category";`);
  }

}
