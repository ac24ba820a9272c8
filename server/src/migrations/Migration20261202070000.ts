import { Migration } from '@mikro-orm/migrations';

/**
 * Keywords keep the capitals they were written with («УУД»); what makes two of them one is their
 * key in small letters. Names stored so far are already in small letters and become their keys.
 */
export class Migration20261202070000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "keyword" add column "key" text null;`);
    this.addSql(`update "keyword" set "key" = lower("name");`);
    this.addSql(`alter table "keyword" alter column "key" set not null;`);
    this.addSql(`alter table "keyword" drop constraint "keyword_name_unique";`);
    this.addSql(`alter table "keyword" add constraint "keyword_key_unique" unique ("key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "keyword" set "name" = "key";`);
    this.addSql(`alter table "keyword" drop constraint "keyword_key_unique";`);
    this.addSql(`alter table "keyword" drop column "key";`);
    this.addSql(`alter table "keyword" add constraint "keyword_name_unique" unique ("name");`);
  }
}
