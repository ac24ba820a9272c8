import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  applyChanges,
  ensureIndexes,
  toMaterialDocument,
  toOrganizationDocument,
  toPersonDocument,
  type IndexChanges,
  type IndexNames,
} from '@metod-kb/search';
import type { MeiliSearch } from 'meilisearch';
import type { Logger } from '../../common/logger.ts';
import type { OutboxKind } from './outbox.entity.ts';
import { loadMaterialSources, loadOrganizationSources, loadPersonSources } from './sources.ts';

export interface IndexerOptions {
  batchSize?: number;
  /** How long to sleep when the outbox is empty. */
  idleMs?: number;
}

interface OutboxRow {
  id: string;
  kind: OutboxKind;
  entity_id: string;
}

const placeholders = (values: unknown[]) => values.map(() => '?').join(',');

/**
 * Drains the search outbox: claims a batch with FOR UPDATE SKIP LOCKED (so several server
 * processes share the work without doing it twice), turns it into index changes, waits for
 * Meilisearch to confirm, and only then marks the rows processed, all in one transaction. A
 * failure or a crash leaves the rows to be tried again, with backoff.
 */
export class SearchIndexer {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private indexesReady = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly client: MeiliSearch,
    private readonly names: IndexNames,
    private readonly logger: Logger,
    private readonly options: IndexerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run() {
    while (this.running) {
      let processed = 0;
      try {
        processed = await this.drainOnce();
      } catch (error) {
        this.logger.warn('search indexer', { error: String(error) });
      }
      if (processed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.options.idleMs ?? 250);
        });
      }
    }
  }

  /** Processes one batch; returns how many outbox rows it claimed (0 when there was nothing to do). */
  async drainOnce(): Promise<number> {
    if (!this.indexesReady) {
      await ensureIndexes(this.client, this.names);
      this.indexesReady = true;
    }
    const em = this.orm.em.fork() as EntityManager;
    return em.transactional(async (tx) => {
      const rows = await tx.execute<OutboxRow[]>(
        `select id, kind, entity_id from search_outbox where processed_at is null and available_at <= clock_timestamp()
         order by id limit ? for update skip locked`,
        [this.options.batchSize ?? 200],
      );
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      try {
        await applyChanges(this.client, this.names, await this.changesFor(tx, rows));
        await tx.execute(`update search_outbox set processed_at = clock_timestamp(), last_error = null where id in (${placeholders(ids)})`, ids);
      } catch (error) {
        // Exponential backoff up to five minutes; the rows stay pending, nothing is dropped.
        await tx.execute(
          `update search_outbox set attempts = attempts + 1, last_error = ?,
             available_at = clock_timestamp() + least(interval '1 second' * power(2, attempts), interval '5 minutes')
           where id in (${placeholders(ids)})`,
          [String(error).slice(0, 1000), ...ids],
        );
        this.logger.warn('search indexing failed, will retry', { rows: ids.length, error: String(error) });
      }
      return rows.length;
    });
  }

  /** Drains until the outbox has nothing available (tests and the CLI). */
  async drainAll(): Promise<void> {
    while ((await this.drainOnce()) > 0);
  }

  /** Which documents a batch of outbox rows touches, and their new contents. */
  private async changesFor(em: EntityManager, rows: OutboxRow[]): Promise<IndexChanges> {
    const of = (kind: OutboxKind) => rows.filter((r) => r.kind === kind).map((r) => r.entity_id);
    const materialIds = new Set(of('Material'));
    const personIds = new Set(of('Person'));
    const organizationIds = new Set(of('Organization'));
    const collect = async (target: Set<string>, sql: string, ids: string[]) => {
      if (!ids.length) return;
      for (const row of await em.execute<Array<{ id: string }>>(sql.replace('$ids', placeholders(ids)), ids)) target.add(row.id);
    };
    // A person's name, an organization's or a subject's shows in every material that names them.
    await collect(materialIds, 'select material_id as id from material_author where person_id in ($ids)', [...personIds]);
    await collect(materialIds, 'select id from material where organization_id in ($ids)', [...organizationIds]);
    await collect(personIds, 'select id from person where organization_id in ($ids)', [...organizationIds]);
    await collect(materialIds, 'select material_id as id from material_subject where subject_id in ($ids)', of('Subject'));
    await collect(personIds, 'select person_id as id from person_subject where subject_id in ($ids)', of('Subject'));
    await collect(materialIds, 'select material_id as id from material_level where education_level_id in ($ids)', of('EducationLevel'));
    await collect(materialIds, 'select material_id as id from material_file where file_id in ($ids)', of('MediaFile'));

    const materials = await loadMaterialSources(em, { id: { $in: [...materialIds] } });
    const materialDocs = materials.map((m) => toMaterialDocument(m)).filter((d) => d !== null);
    for (const doc of materialDocs) {
      if (doc.overflowWords) this.logger.warn('material text longer than the index holds', { id: doc.id, overflowWords: doc.overflowWords });
    }
    const indexed = new Set(materialDocs.map((d) => d.id));
    const people = await loadPersonSources(em, { id: { $in: [...personIds] } });
    const organizations = await loadOrganizationSources(em, { id: { $in: [...organizationIds] } });
    const found = (items: Array<{ id: string }>) => new Set(items.map((i) => i.id));
    const missing = (ids: Set<string>, present: Set<string>) => [...ids].filter((id) => !present.has(id));
    return {
      // Unpublished, archived or deleted materials leave the index.
      materials: { upsert: materialDocs, delete: missing(materialIds, indexed) },
      people: { upsert: people.map(toPersonDocument), delete: missing(personIds, found(people)) },
      organizations: { upsert: organizations.map(toOrganizationDocument), delete: missing(organizationIds, found(organizations)) },
    };
  }
}
