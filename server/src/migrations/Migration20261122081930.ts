import { Migration } from '@mikro-orm/migrations';

/** Imports started from the API, run in the background with their progress and failed lines. */
export class Migration20261122081930 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "import_job_status" as enum ('PENDING', 'RUNNING', 'DONE', 'FAILED');`);
    this.addSql(`create table "import_job" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "file_id" uuid not null, "file_name" text not null, "dry_run" boolean not null, "status" "import_job_status" not null default 'PENDING', "total" int not null default 0, "processed" int not null default 0, "created" int not null default 0, "updated" int not null default 0, "unchanged" int not null default 0, "failed" int not null default 0, "errors" jsonb not null, "error" text null, "created_by_id" uuid not null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "import_job_pkey" primary key ("id"));`);
    this.addSql(`create index "import_job_status_created_at_index" on "import_job" ("status", "created_at");`);
    this.addSql(`alter table "import_job" add constraint "import_job_file_id_foreign" foreign key ("file_id") references "media_file" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "import_job" add constraint "import_job_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "import_job" cascade;`);
    this.addSql(`drop type "import_job_status";`);
  }
}
