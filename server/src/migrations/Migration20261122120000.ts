import { Migration } from '@mikro-orm/migrations';

/**
 * Lists order by date, downloads or views, newest or largest first with empty values last, then by
 * id. Indexes in exactly that order let PostgreSQL read the first page instead of sorting every
 * published row (a page of 50 took 100 ms on 100,000 materials).
 */
export class Migration20261122120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "material_published_order" on "material" ("status", "published_at" desc nulls last, "id" desc);`);
    this.addSql(`create index "material_downloads_order" on "material" ("status", "download_count" desc nulls last, "id" desc);`);
    this.addSql(`create index "material_views_order" on "material" ("status", "view_count" desc nulls last, "id" desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "material_published_order";`);
    this.addSql(`drop index if exists "material_downloads_order";`);
    this.addSql(`drop index if exists "material_views_order";`);
  }
}
