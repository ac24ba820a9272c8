import { Migration } from '@mikro-orm/migrations';

/** The media library: file kind, extraction queue and results, previews, download counts, uploader. */
export class Migration20261122063743 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "media_kind" as enum ('DOCUMENT', 'PRESENTATION', 'SPREADSHEET', 'IMAGE', 'AUDIO', 'VIDEO', 'ARCHIVE');`);
    this.addSql(`alter type "extraction_status" add value if not exists 'RUNNING' after 'PENDING';`);
    // Rows from before this migration (none in a fresh install) become documents; new rows always name their kind.
    this.addSql(`alter table "media_file" add column "kind" "media_kind" not null default 'DOCUMENT', add column "uploaded_by_id" uuid null, add column "text_excerpt" text null, add column "language" text null, add column "duration_seconds" double precision null, add column "preview_key" text null, add column "extraction_error" text null, add column "extraction_attempts" int not null default 0, add column "extraction_started_at" timestamptz null, add column "download_count" int not null default 0, add column "detached_at" timestamptz null;`);
    this.addSql(`alter table "media_file" alter column "kind" drop default;`);
    this.addSql(`alter table "media_file" add constraint "media_file_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "media_file_kind_index" on "media_file" ("kind");`);
    // Not a partial index on the new value: an enum value added in a transaction cannot be used in it.
    this.addSql(`create index "media_file_extraction_queue_index" on "media_file" ("extraction_status", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "media_file" drop constraint "media_file_uploaded_by_id_foreign";`);
    this.addSql(`drop index "media_file_kind_index";`);
    this.addSql(`drop index "media_file_extraction_queue_index";`);
    this.addSql(`alter table "media_file" drop column "kind", drop column "uploaded_by_id", drop column "text_excerpt", drop column "language", drop column "duration_seconds", drop column "preview_key", drop column "extraction_error", drop column "extraction_attempts", drop column "extraction_started_at", drop column "download_count", drop column "detached_at";`);
    this.addSql(`drop type "media_kind";`);
  }
}
