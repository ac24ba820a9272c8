import type { EntityManager } from '@mikro-orm/postgresql';
import { buildVocabulary, fold, stemmedSynonyms, type SubjectName, type Vocabulary } from '@metod-kb/search';
import { loadSynonymEntries } from './synonym.service.ts';

/** What reading a query, marking its words and naming a hit's subjects and levels need from the database. */
export interface SearchDictionary {
  /** In the order of the subject list (position, then name). */
  subjects: Array<SubjectName & { position: number }>;
  /** Levels of education: search hits answered from the engine's documents name them by id (see engine-hits.ts). */
  levels: Array<{ id: string; code: string; name: string; position: number }>;
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
  const [subjects, levels, entries] = await Promise.all([
    em.getConnection().execute<SearchDictionary['subjects']>('select id, name, position from subject order by position, name'),
    em.getConnection().execute<SearchDictionary['levels']>('select id, code, name, position from education_level order by position, code'),
    loadSynonymEntries(em),
  ]);
  const names = new Set(subjects.map((s) => fold(s.name)));
  // An entry that names a subject gives its other side as another name of the subject.
  const subjectAliases = entries.flatMap(({ term, variants }): Array<[string, string]> =>
    names.has(fold(term))
      ? variants.map((v): [string, string] => [v, term])
      : variants.filter((v) => names.has(fold(v))).map((v): [string, string] => [term, v]),
  );
  return { subjects, levels, subjectAliases, synonyms: stemmedSynonyms(entries) };
}

/**
 * The words of the published materials (titles, summaries, keywords, authors, subjects, organizations) with how
 * many materials have each: the vocabulary «Возможно, вы искали» corrects from. Read only when a
 * search finds nothing, kept per process for VOCABULARY_TTL_MS.
 */
const VOCABULARY_TTL_MS = 10 * 60_000;
const vocabularies = new WeakMap<object, { loaded: number; value: Promise<Vocabulary> }>();

export function searchVocabulary(owner: object, em: EntityManager, now = Date.now()): Promise<Vocabulary> {
  const entry = vocabularies.get(owner);
  if (entry && now - entry.loaded < VOCABULARY_TTL_MS) return entry.value;
  const value = em
    .getConnection()
    .execute<Array<{ word: string; documents: number }>>(
      `select word, ndoc as documents from ts_stat($$
         select to_tsvector('simple', m.title || ' ' || m.summary || ' ' ||
           coalesce((select string_agg(k.name, ' ') from material_keyword mk join keyword k on k.id = mk.keyword_id where mk.material_id = m.id), '') || ' ' ||
           coalesce((select string_agg(p.full_name, ' ') from material_author a join person p on p.id = a.person_id where a.material_id = m.id), '') || ' ' ||
           coalesce((select string_agg(s.name, ' ') from material_subject ms join subject s on s.id = ms.subject_id where ms.material_id = m.id), '') || ' ' ||
           coalesce((select o.name from organization o where o.id = m.organization_id), ''))
         from material m where m.status = 'PUBLISHED'
       $$)`,
    )
    .then(buildVocabulary);
  vocabularies.set(owner, { loaded: now, value });
  value.catch(() => vocabularies.delete(owner));
  return value;
}
