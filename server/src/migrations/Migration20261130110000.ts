import { Migration } from '@mikro-orm/migrations';

/**
 * Every upload is a row of its own: a second uploader of the same bytes gets their own name and
 * no access to the first upload; the bytes stay stored once (rows share `storage_key`). Those who
 * shared a row through `file_upload` get a row of their own for it.
 */
export class Migration20261130110000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "media_file" drop constraint "media_file_sha256_unique";`);
    this.addSql(`create index "media_file_sha256_index" on "media_file" ("sha256");`);
    this.addSql(`insert into "media_file" ("id", "created_at", "updated_at", "file_name", "mime_type", "kind", "size", "sha256", "storage_key", "uploaded_by_id", "text", "text_excerpt", "language", "page_count", "duration_seconds", "preview_key", "extraction_status", "extraction_error", "extraction_attempts", "download_count", "detached_at")
      select gen_random_uuid(), u."uploaded_at", u."uploaded_at", f."file_name", f."mime_type", f."kind", f."size", f."sha256", f."storage_key", u."user_id", f."text", f."text_excerpt", f."language", f."page_count", f."duration_seconds", f."preview_key", f."extraction_status", f."extraction_error", f."extraction_attempts", 0, f."detached_at"
      from "file_upload" u join "media_file" f on f."id" = u."file_id"
      where f."uploaded_by_id" is distinct from u."user_id";`);
    this.addSql(`drop table if exists "file_upload" cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table "file_upload" ("file_id" uuid not null, "user_id" uuid not null, "uploaded_at" timestamptz not null default now(), constraint "file_upload_pkey" primary key ("file_id", "user_id"));`);
    this.addSql(`create index "file_upload_user_id_index" on "file_upload" ("user_id");`);
    this.addSql(`alter table "file_upload" add constraint "file_upload_file_id_foreign" foreign key ("file_id") references "media_file" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "file_upload" add constraint "file_upload_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`insert into "file_upload" ("file_id", "user_id", "uploaded_at") select "id", "uploaded_by_id", "created_at" from "media_file" where "uploaded_by_id" is not null;`);
    this.addSql(`drop index "media_file_sha256_index";`);
    // Uploads of the same content merge into the oldest, which takes over their uploaders, attachments and imports.
    const canon = `with canon as (select "id", first_value("id") over (partition by "sha256" order by "created_at", "id") as "keep" from "media_file")`;
    this.addSql(`${canon} insert into "file_upload" ("file_id", "user_id", "uploaded_at") select c."keep", f."uploaded_by_id", f."created_at" from "media_file" f join canon c on c."id" = f."id" where c."id" <> c."keep" and f."uploaded_by_id" is not null on conflict do nothing;`);
    this.addSql(`${canon} delete from "material_file" a using canon c where a."file_id" = c."id" and c."id" <> c."keep" and exists (select 1 from "material_file" b where b."material_id" = a."material_id" and b."file_id" = c."keep");`);
    this.addSql(`${canon} update "material_file" a set "file_id" = c."keep" from canon c where a."file_id" = c."id" and c."id" <> c."keep";`);
    this.addSql(`${canon} update "import_job" j set "file_id" = c."keep" from canon c where j."file_id" = c."id" and c."id" <> c."keep";`);
    this.addSql(`${canon} delete from "media_file" f using canon c where f."id" = c."id" and c."id" <> c."keep";`);
    this.addSql(`alter table "media_file" add constraint "media_file_sha256_unique" unique ("sha256");`);
  }
}
