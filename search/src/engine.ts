import { MeiliSearch, type Settings } from 'meilisearch';
import { indexNames, materialSettings, organizationSettings, personSettings, type IndexNames } from './settings.ts';

/** Task waits are bounded: a stuck engine is an error to retry, not a hang. */
export const TASK_TIMEOUT_MS = 60_000;

export interface Changes {
  upsert: object[];
  delete: string[];
}

export interface IndexChanges {
  materials?: Changes;
  people?: Changes;
  organizations?: Changes;
}

async function wait(client: MeiliSearch, taskUid: number) {
  const task = await client.tasks.waitForTask(taskUid, { timeout: TASK_TIMEOUT_MS, interval: 25 });
  if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${taskUid} ${task.status}: ${task.error?.message ?? ''}`);
}

/** What the settings take from the server: the thesaurus's synonyms, stemmed (see `stemmedSynonyms`), and the facet fields. */
export interface SettingsData {
  synonyms: Record<string, string[]>;
  facets: readonly string[];
}

const SETTINGS: Record<keyof IndexNames, (data: SettingsData) => Settings> = {
  materials: (data) => materialSettings(data.synonyms, data.facets),
  people: personSettings,
  organizations: organizationSettings,
};

/** Creates the indexes when missing and applies the settings (idempotent; runs at start). */
export async function ensureIndexes(client: MeiliSearch, names: IndexNames, data: SettingsData): Promise<void> {
  for (const [key, uid] of Object.entries(names) as Array<[keyof IndexNames, string]>) {
    await applySettings(client, uid, SETTINGS[key](data));
  }
}

/**
 * A thesaurus change: only the synonyms setting of the materials index, which the engine applies at
 * query time — no document is indexed again.
 */
export async function updateSynonyms(client: MeiliSearch, names: IndexNames, synonyms: Record<string, string[]>): Promise<void> {
  await wait(client, (await client.index(names.materials).updateSynonyms(synonyms)).taskUid);
}

async function applySettings(client: MeiliSearch, uid: string, settings: Settings) {
  const exists = await client.getIndex(uid).then(
    () => true,
    () => false,
  );
  if (!exists) await wait(client, (await client.createIndex(uid, { primaryKey: 'id' })).taskUid);
  await wait(client, (await client.index(uid).updateSettings(settings)).taskUid);
}

/** Applies upserts and deletes and resolves only when Meilisearch has processed them. */
export async function applyChanges(client: MeiliSearch, names: IndexNames, changes: IndexChanges): Promise<void> {
  const tasks: number[] = [];
  for (const [key, change] of Object.entries(changes) as Array<[keyof IndexNames, Changes | undefined]>) {
    if (!change) continue;
    const index = client.index(names[key]);
    if (change.upsert.length)
      tasks.push((await index.addDocuments(change.upsert as Record<string, unknown>[], { primaryKey: 'id' })).taskUid);
    if (change.delete.length) tasks.push((await index.deleteDocuments(change.delete)).taskUid);
  }
  for (const task of tasks) await wait(client, task);
}

/**
 * Rebuilds one index from scratch into a fresh uid, then swaps it with the live one in a single
 * engine operation: searches see the old index until the new one is complete, never an empty one.
 */
export async function rebuildIndex(
  client: MeiliSearch,
  names: IndexNames,
  key: keyof IndexNames,
  batches: AsyncIterable<object[]>,
  data: SettingsData,
  onProgress: (done: number) => void = () => {},
): Promise<number> {
  const live = names[key];
  const fresh = `${live}_rebuild_${Date.now()}`;
  await applySettings(client, fresh, SETTINGS[key](data));
  let done = 0;
  const pending: number[] = [];
  for await (const batch of batches) {
    if (!batch.length) continue;
    pending.push((await client.index(fresh).addDocuments(batch as Record<string, unknown>[], { primaryKey: 'id' })).taskUid);
    done += batch.length;
    onProgress(done);
    // Keep a few batches in flight, not the whole corpus in the engine's queue.
    if (pending.length > 4) await wait(client, pending.shift()!);
  }
  for (const task of pending) await wait(client, task);
  await applySettings(client, live, SETTINGS[key](data));
  await wait(client, (await client.swapIndexes([{ indexes: [live, fresh], rename: false }])).taskUid);
  await wait(client, (await client.deleteIndex(fresh)).taskUid);
  return done;
}

export { indexNames, type IndexNames };
