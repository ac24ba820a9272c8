import { stemText } from './russian.ts';
import { THESAURUS, type ThesaurusEntry } from './thesaurus.ts';

/** What the engine needs of a thesaurus entry: a term and what else it is called. */
export type SynonymEntry = Pick<ThesaurusEntry, 'term' | 'variants'>;

/**
 * Meilisearch synonyms in the stemmed form the query arrives in: the term finds each variant and
 * each variant the term («овз» ↔ «ограничен возможн здоров»); variants do not find each other. Each
 * key is one query "word" or phrase as the engine splits it.
 */
export function stemmedSynonyms(entries: SynonymEntry[] = THESAURUS): Record<string, string[]> {
  const synonyms: Record<string, Set<string>> = {};
  const add = (from: string, to: string) => {
    if (from && to && from !== to) (synonyms[from] ??= new Set()).add(to);
  };
  for (const { term, variants } of entries) {
    const short = stemText(term);
    for (const variant of variants) {
      const long = stemText(variant);
      add(short, long);
      add(long, short);
    }
  }
  return Object.fromEntries(Object.entries(synonyms).map(([key, values]) => [key, [...values]]));
}

/**
 * Meilisearch looks synonyms up for runs of at most three query words, and the version we run reads
 * its whole synonyms setting for every search: a longer key (a four-word expansion → its
 * abbreviation) can never match and would only slow every query down. Highlighting keeps them.
 */
export const ENGINE_SYNONYM_WORDS = 3;

export function engineSynonymsOf(synonyms: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(synonyms).filter(([key]) => key.split(' ').length <= ENGINE_SYNONYM_WORDS));
}

/** The stems a query stands for beyond its own words, for highlighting: «ОВЗ» also marks «ограниченными». */
export function expandStems(queryStems: string[], synonyms: Record<string, string[]>): string[] {
  // Keys are runs of whole stems: look up each run of the query rather than scan the whole thesaurus.
  const longest = longestKey(synonyms);
  const extra: string[] = [];
  for (let from = 0; from < queryStems.length; from++) {
    for (let to = from + 1; to <= Math.min(queryStems.length, from + longest); to++) {
      const run = queryStems.slice(from, to).join(' ');
      for (const value of Object.hasOwn(synonyms, run) ? synonyms[run]! : []) extra.push(...value.split(' '));
    }
  }
  return [...new Set([...queryStems, ...extra])];
}

/** The most words a key of the thesaurus has, counted once per thesaurus (the server shares one between requests). */
const longestKeys = new WeakMap<object, number>();
function longestKey(synonyms: Record<string, string[]>): number {
  let longest = longestKeys.get(synonyms);
  if (longest === undefined)
    longestKeys.set(synonyms, (longest = Object.keys(synonyms).reduce((most, key) => Math.max(most, key.split(' ').length), 0)));
  return longest;
}
