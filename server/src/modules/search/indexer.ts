import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  applyChanges,
  ensureIndexes,
  updateSynonyms,
  toMaterialDocument,
  toOrganizationDocument,
  toPersonDocument,
  type IndexNames,
} from '@metod-kb/search';
import type { MeiliSearch } from 'meilisearch';
import type { Logger } from '../../common/logger.ts';
import { PollingWorker } from '../../common/polling-worker.ts';
import type { OutboxKind } from './outbox.entity.ts';
import { loadMaterialSources, loadOrganizationSources, loadPersonSources } from './sources.ts';
import { engineSettings } from './engine-settings.ts';
import { engineSynonyms } from './synonym.service.ts';

export interface IndexerOptions {
  batchSize?: number;
  /** How long to sleep when the outbox is empty (new rows wake the indexer at once through `kb_jobs`). */
  idleMs?: number;
  /** Told the outbox row ids of every batch it indexed (metrics, tests). */
  onIndexed?: (rowIds: string[]) => void;
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
  readonly worker: PollingWorker;
  private indexesReady = false;
  private lastPurge = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly client: MeiliSearch,
    private readonly names: IndexNames,
    private readonly logger: Logger,
    private readonly options: IndexerOptions = {},
  ) {
    this.worker = new PollingWorker(
      'search',
      async () => {
        const processed = await this.drainOnce();
        await this.purgeProcessed();
        return processed;
      },
      logger,
      { idleMs: options.idleMs ?? 1000 },
    );
  }

  start(): void {
    this.worker.start();
  }

  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** Processes one batch; returns how many outbox rows it claimed (0 when there was nothing to do). */
  async drainOnce(): Promise<number> {
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
        if (!this.indexesReady) {
          await ensureIndexes(this.client, this.names, await engineSettings(tx));
          this.indexesReady = true;
        }
        const targets = await this.targetsOf(tx, rows);
        // A thesaurus change is a settings update (the engine applies synonyms at query time): nothing is indexed again.
        if (targets.synonyms) await updateSynonyms(this.client, this.names, await engineSynonyms(tx));
        await this.index(tx, targets);
        await tx.execute(
          `update search_outbox set processed_at = clock_timestamp(), last_error = null where id in (${placeholders(ids)})`,
          ids,
        );
        this.options.onIndexed?.(ids);
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

  /** Processed rows are kept a week for diagnosis, then removed, at most once an hour. */
  private async purgeProcessed() {
    if (Date.now() - this.lastPurge < 3_600_000) return;
    this.lastPurge = Date.now();
    await this.orm.em.fork().getConnection().execute(`delete from search_outbox where processed_at < now() - interval '7 days'`);
  }

  /** Drains until the outbox has nothing available (tests and the CLI). */
  async drainAll(): Promise<void> {
    while ((await this.drainOnce()) > 0);
  }

  /** Which documents a batch of outbox rows touches. */
  private async targetsOf(em: EntityManager, rows: OutboxRow[]): Promise<Targets> {
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
    await collect(materialIds, 'select material_id as id from material_keyword where keyword_id in ($ids)', of('Keyword'));
    await collect(materialIds, 'select material_id as id from material_file where file_id in ($ids)', of('MediaFile'));
    return {
      materials: [...materialIds],
      people: [...personIds],
      organizations: [...organizationIds],
      synonyms: rows.some((r) => r.kind === 'SearchSynonym'),
    };
  }

  /**
   * Sends the targets' current documents in slices: a renamed subject can touch a hundred
   * thousand materials, which must not become one request or one array in memory.
   */
  private async index(em: EntityManager, targets: Targets): Promise<void> {
    for (let i = 0; i < targets.materials.length; i += DOCUMENTS_PER_REQUEST) {
      const ids = targets.materials.slice(i, i + DOCUMENTS_PER_REQUEST);
      const docs = (await loadMaterialSources(em, { id: { $in: ids } })).map((m) => toMaterialDocument(m)).filter((d) => d !== null);
      for (const doc of docs) {
        if (doc.overflowWords)
          this.logger.warn('material text longer than the index holds', { id: doc.id, overflowWords: doc.overflowWords });
      }
      // Unpublished, archived or deleted materials leave the index.
      await applyChanges(this.client, this.names, { materials: { upsert: docs, delete: missing(ids, docs) } });
      em.clear();
    }
    const people = await loadPersonSources(em, { id: { $in: targets.people } });
    const organizations = await loadOrganizationSources(em, { id: { $in: targets.organizations } });
    await applyChanges(this.client, this.names, {
      people: { upsert: people.map(toPersonDocument), delete: missing(targets.people, people) },
      organizations: { upsert: organizations.map(toOrganizationDocument), delete: missing(targets.organizations, organizations) },
    });
  }
}

interface Targets {
  materials: string[];
  people: string[];
  organizations: string[];
  synonyms: boolean;
}

const DOCUMENTS_PER_REQUEST = 500;

const missing = (ids: string[], present: Array<{ id: string }>) => {
  const found = new Set(present.map((p) => p.id));
  return ids.filter((id) => !found.has(id));
};
