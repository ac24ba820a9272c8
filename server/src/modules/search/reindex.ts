import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rebuildIndex, toMaterialDocument, toOrganizationDocument, toPersonDocument } from '@metod-kb/search';
import { MaterialStatus } from '../materials/material.enums.ts';
import type { SearchDeps } from './search.service.ts';
import { loadMaterialSources, loadOrganizationSources, loadPersonSources } from './sources.ts';
import { engineSettings } from './engine-settings.ts';

const BATCH = 500;

/** Pages through a table by id, a fresh identity map per batch, so memory stays flat on a big corpus. */
async function* batches<T extends { id: string }, D>(
  orm: MikroORM,
  load: (em: EntityManager, where: Record<string, unknown>, options: { limit: number; orderBy: { id: 'asc' } }) => Promise<T[]>,
  where: Record<string, unknown>,
  toDoc: (item: T) => D | null,
) {
  let last: string | undefined;
  for (;;) {
    const em = orm.em.fork() as EntityManager;
    const items = await load(em, last ? { $and: [where, { id: { $gt: last } }] } : where, { limit: BATCH, orderBy: { id: 'asc' } });
    if (!items.length) return;
    last = items.at(-1)!.id;
    yield items.map(toDoc).filter((d): d is NonNullable<D> => d !== null) as object[];
  }
}

export interface ReindexSummary {
  materials: number;
  people: number;
  organizations: number;
}

/** `kb reindex`: every index rebuilt from the database into a fresh one and swapped in. */
export async function reindexAll(
  orm: MikroORM,
  deps: SearchDeps,
  onProgress: (index: string, done: number) => void = () => {},
): Promise<ReindexSummary> {
  const data = await engineSettings(orm.em.fork() as EntityManager);
  const materials = await rebuildIndex(
    deps.client,
    deps.names,
    'materials',
    batches(orm, loadMaterialSources, { status: MaterialStatus.PUBLISHED }, (m) => toMaterialDocument(m)),
    data,
    (n) => onProgress('materials', n),
  );
  const people = await rebuildIndex(deps.client, deps.names, 'people', batches(orm, loadPersonSources, {}, toPersonDocument), data, (n) =>
    onProgress('people', n),
  );
  const organizations = await rebuildIndex(
    deps.client,
    deps.names,
    'organizations',
    batches(orm, loadOrganizationSources, {}, toOrganizationDocument),
    data,
    (n) => onProgress('organizations', n),
  );
  return { materials, people, organizations };
}

export interface IndexCheck {
  missing: string[];
  extra: string[];
  stale: string[];
  pendingUpdates: number;
}

/**
 * `kb search:check`: the published materials in the database against the documents in the
 * index, by id and update stamp. All three lists are empty when search is in sync.
 */
export async function checkIndex(orm: MikroORM, deps: SearchDeps): Promise<IndexCheck> {
  const em = orm.em.fork() as EntityManager;
  const rows = await em.execute<Array<{ id: string; updated_at: Date }>>(`select id, updated_at from material where status = 'PUBLISHED'`);
  const database = new Map(rows.map((r) => [r.id, new Date(r.updated_at).getTime()]));
  const index = new Map<string, number>();
  const documents = deps.client.index(deps.names.materials);
  for (let offset = 0; ; offset += 1000) {
    const page = await documents.getDocuments<{ id: string; updatedAt: number }>({ fields: ['id', 'updatedAt'], limit: 1000, offset });
    for (const doc of page.results) index.set(doc.id, doc.updatedAt);
    if (page.results.length < 1000) break;
  }
  const [{ pending }] = await em.execute<Array<{ pending: string }>>(
    'select count(*) as pending from search_outbox where processed_at is null',
  );
  return {
    missing: [...database.keys()].filter((id) => !index.has(id)),
    extra: [...index.keys()].filter((id) => !database.has(id)),
    stale: [...database].filter(([id, stamp]) => index.has(id) && index.get(id) !== stamp).map(([id]) => id),
    pendingUpdates: Number(pending),
  };
}
