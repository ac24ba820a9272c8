import { Migration } from '@mikro-orm/migrations';

/** Revisions written by a process rather than a person in the editor name it: «импорт». */
export class Migration20261201080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "material_revision" add column "author_name" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "material_revision" drop column "author_name";`);
  }
}
