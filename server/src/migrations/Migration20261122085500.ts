import { Migration } from '@mikro-orm/migrations';

/** Every uploader of a stored file, not only the first: identical content is kept once but usable by each. */
export class Migration20261122085500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "file_upload" ("file_id" uuid not null, "user_id" uuid not null, "uploaded_at" timestamptz not null default now(), constraint "file_upload_pkey" primary key ("file_id", "user_id"));`);
    this.addSql(`create index "file_upload_user_id_index" on "file_upload" ("user_id");`);
    this.addSql(`alter table "file_upload" add constraint "file_upload_file_id_foreign" foreign key ("file_id") references "media_file" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "file_upload" add constraint "file_upload_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`insert into "file_upload" ("file_id", "user_id", "uploaded_at") select "id", "uploaded_by_id", "created_at" from "media_file" where "uploaded_by_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "file_upload" cascade;`);
  }
}
