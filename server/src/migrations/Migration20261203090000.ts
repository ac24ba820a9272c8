import { Migration } from '@mikro-orm/migrations';

/**
 * The day an assigned expert is asked to review by, and an index for an expert's open assignments
 * (the header's counter reads it on every page). Assignments made before keep no due day.
 */
export class Migration20261203090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "material" add column "review_due_on" date null;`);
    this.addSql(`create index "material_open_reviews" on "material" ("reviewer_id") where "status" = 'IN_REVIEW';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "material_open_reviews";`);
    this.addSql(`alter table "material" drop column if exists "review_due_on";`);
  }
}
