import { Migration } from '@mikro-orm/migrations';

/** Surveys saved as drafts before they are opened to respondents. */
export class Migration20261201120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "survey_status" add value if not exists 'DRAFT' before 'OPEN';`);
  }

  override async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value: drafts become closed surveys and the value stays unused.
    this.addSql(`update "survey" set "status" = 'CLOSED' where "status" = 'DRAFT';`);
  }
}
