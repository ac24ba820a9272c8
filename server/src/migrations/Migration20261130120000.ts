import { Migration } from '@mikro-orm/migrations';
import { THESAURUS } from '@metod-kb/search';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The search thesaurus as data methodists edit (the page «Словарь поиска»), filled with the starting
 * thesaurus of school education: abbreviations with their expansions and teachers' wording.
 */
export class Migration20261130120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "search_synonym" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text not null check ("kind" in ('ABBREVIATION', 'WORDING')), "term" text not null, "variants" text[] not null, constraint "search_synonym_pkey" primary key ("id"));`);
    // One entry per term whatever its case: «ППк» and «ппк» are one query word.
    this.addSql(`create unique index "search_synonym_term_unique" on "search_synonym" (lower("term"));`);
    const rows = THESAURUS.map((e) => `(gen_random_uuid(), ${literal(e.kind)}, ${literal(e.term)}, array[${e.variants.map(literal).join(', ')}]::text[])`);
    this.addSql(`insert into "search_synonym" ("id", "kind", "term", "variants") values ${rows.join(',\n')};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_synonym" cascade;`);
  }
}
