import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/** What kinds of rows a change names; the indexer works out which documents they touch. */
export type OutboxKind = 'Material' | 'Person' | 'Organization' | 'Subject' | 'EducationLevel' | 'Keyword' | 'MediaFile' | 'SearchSynonym';

/**
 * The transactional outbox: a write that changes what a search document shows records a row here
 * in the same transaction, and the indexer marks it processed only after Meilisearch confirmed.
 */
@Entity({ tableName: 'search_outbox' })
@Index({
  name: 'search_outbox_pending',
  expression: 'create index "search_outbox_pending" on "search_outbox" ("available_at", "id") where "processed_at" is null',
})
export class SearchOutbox {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: Opt<string>;

  @Property({ type: 'text' })
  kind!: OutboxKind;

  @Property({ type: 'uuid' })
  entityId!: string;

  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' })
  availableAt: Opt<Date> = new Date();

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'datetime', nullable: true })
  processedAt?: Date;
}
