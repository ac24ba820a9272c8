import { Migration } from '@mikro-orm/migrations';

/**
 * One review per expert and material. An installation may hold several from before (each submission
 * added one): the latest of each pair is kept, the rest removed, then the unique constraint is added.
 */
export class Migration20261123091000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`delete from "review" as "r" using "review" as "later" where "later"."material_id" = "r"."material_id" and "later"."reviewer_id" = "r"."reviewer_id" and ("later"."updated_at", "later"."created_at", "later"."id") > ("r"."updated_at", "r"."created_at", "r"."id");`);
    this.addSql(`alter table "review" add constraint "review_material_id_reviewer_id_unique" unique ("material_id", "reviewer_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "review" drop constraint if exists "review_material_id_reviewer_id_unique";`);
  }
}
