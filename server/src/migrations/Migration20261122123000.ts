import { Migration } from '@mikro-orm/migrations';

/**
 * Usage statistics by day of the district's calendar, without personal data: views and downloads
 * per material, downloads per file, and searches per normalised query (with how many found nothing).
 */
export class Migration20261122123000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "material_usage_daily" ("material_id" uuid not null references "material" ("id") on delete cascade, "day" date not null, "views" int not null default 0, "downloads" int not null default 0, constraint "material_usage_daily_pkey" primary key ("material_id", "day"));`);
    this.addSql(`create index "material_usage_daily_day_index" on "material_usage_daily" ("day");`);
    this.addSql(`create table "file_usage_daily" ("file_id" uuid not null references "media_file" ("id") on delete cascade, "day" date not null, "downloads" int not null default 0, constraint "file_usage_daily_pkey" primary key ("file_id", "day"));`);
    this.addSql(`create table "search_query_daily" ("day" date not null, "query" text not null, "searches" int not null default 0, "zero_results" int not null default 0, constraint "search_query_daily_pkey" primary key ("day", "query"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "material_usage_daily", "file_usage_daily", "search_query_daily";`);
  }
}
