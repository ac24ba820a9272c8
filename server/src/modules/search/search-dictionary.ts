import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubjectName } from '@metod-kb/search';

/** What reading a query needs from the database: the subjects and the thesaurus's other names for them. */
export interface SearchDictionary {
  subjects: SubjectName[];
  /** [other name, subject name] from the thesaurus: «физра» → «Физическая культура». */
  subjectAliases: Array<[string, string]>;
}

/**
 * Subjects change a few times a year and every search reads them: each server process keeps them
 * for a short while instead of asking the database per search. A change shows within TTL_MS.
 */
const TTL_MS = 30_000;

interface Entry {
  loaded: number;
  value: Promise<SearchDictionary>;
}

const cache = new WeakMap<object, Entry>();

/** The dictionary of one installation (keyed by its search deps), loaded at most once per TTL_MS. */
export function searchDictionary(owner: object, em: EntityManager, now = Date.now()): Promise<SearchDictionary> {
  const entry = cache.get(owner);
  if (entry && now - entry.loaded < TTL_MS) return entry.value;
  const value = load(em);
  cache.set(owner, { loaded: now, value });
  // A failed load is not kept: the next search tries again.
  value.catch(() => cache.delete(owner));
  return value;
}

async function load(em: EntityManager): Promise<SearchDictionary> {
  const subjects = await em.getConnection().execute<SubjectName[]>('select id, name from subject order by position, name');
  return { subjects, subjectAliases: [] };
}
