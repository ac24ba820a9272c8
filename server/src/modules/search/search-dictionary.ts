import type { EntityManager } from '@mikro-orm/postgresql';
import { fold, stemmedSynonyms, type SubjectName } from '@metod-kb/search';
import { loadSynonymEntries } from './synonym.service.ts';

/** What reading a query and marking its words need from the database: subjects and the thesaurus. */
export interface SearchDictionary {
  subjects: SubjectName[];
  /** [other name, subject name] from the thesaurus: «физра» → «Физическая культура». */
  subjectAliases: Array<[string, string]>;
  /** The thesaurus stemmed, as the engine has it: for highlighting expansions. */
  synonyms: Record<string, string[]>;
}

/**
 * Subjects and the thesaurus change a few times a year and every search reads them: each server
 * process keeps them for a short while instead of asking the database per search. A change shows
 * in understanding and highlighting within TTL_MS (in the engine's matching as soon as the indexer
 * has applied it).
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
  const [subjects, entries] = await Promise.all([
    em.getConnection().execute<SubjectName[]>('select id, name from subject order by position, name'),
    loadSynonymEntries(em),
  ]);
  const names = new Set(subjects.map((s) => fold(s.name)));
  // An entry that names a subject gives its other side as another name of the subject.
  const subjectAliases = entries.flatMap(({ term, variants }): Array<[string, string]> =>
    names.has(fold(term)) ? variants.map((v): [string, string] => [v, term]) : variants.filter((v) => names.has(fold(v))).map((v): [string, string] => [term, v]),
  );
  return { subjects, subjectAliases, synonyms: stemmedSynonyms(entries) };
}
