import type { EntityManager } from '@mikro-orm/postgresql';
import { correctQuery, stems, understandQuery, type QueryPart } from '@metod-kb/search';
import { MeiliSearchRequestError, MeiliSearchRequestTimeOutError } from 'meilisearch';
import { pageSize } from '../../common/pagination.ts';
import { askEngine, partialOrder, type Boost, type SearchDeps } from './engine-query.ts';
import { FACET_LIST, LABEL_SQL, type FacetName, type FacetSpec } from './facets.ts';
import { postgresSearch } from './search-fallback.ts';
import { engineConstraints } from './search-filters.ts';
import { decodeOffset, searchHits, WHOLE_HITS, type HitSelection } from './search-hits.ts';
import { searchDictionary, searchVocabulary } from './search-dictionary.ts';
import { badInput } from '../../common/errors.ts';
import { toGlobalId } from '../../common/global-id.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import {
  QueryPartKind,
  SearchEngine,
  SearchSort,
  type Facet,
  type SearchAllResult,
  type SearchFilter,
  type SearchResult,
  type Suggestions,
} from './search.types.ts';

export type { SearchDeps } from './engine-query.ts';

export interface SearchArgs {
  query?: string;
  filter?: SearchFilter;
  first?: number;
  after?: string;
  sort?: SearchSort;
  /** Keys of recognized parts of the query to leave as plain words (a removed chip). */
  ignore?: string[];
  /** False when the caller reads no facets (a picker, a feed): the engine then counts none. */
  facets?: boolean;
}

const MAX_QUERY_LENGTH = 500;
const MAX_IGNORED = 20;
const SORTS: Record<SearchSort, string[] | undefined> = {
  RELEVANCE: undefined,
  NEWEST: ['publishedAt:desc'],
  MOST_DOWNLOADED: ['downloadCount:desc'],
  MOST_VIEWED: ['viewCount:desc'],
  TITLE: ['title:asc'],
};

/** Meilisearch answered nothing at all (down, unreachable, too slow): the fallback takes over. */
export const isUnreachable = (error: unknown) =>
  error instanceof MeiliSearchRequestError || error instanceof MeiliSearchRequestTimeOutError;

/**
 * How much a recognized part lifts a material that has it, on the engine's 0–1 relevance score: a
 * class or a level moves a material above others about as relevant, not above a better match.
 */
const BOOST_WEIGHTS: Record<QueryPart['kind'], number> = { GRADE: 0.1, LEVEL: 0.08, SUBJECT: 0.08 };
const BOOST_FIELDS: Record<QueryPart['kind'], Boost['field']> = { GRADE: 'grades', LEVEL: 'levelCodes', SUBJECT: 'subjectIds' };
const toBoost = (part: QueryPart): Boost => ({ field: BOOST_FIELDS[part.kind], values: part.values, weight: BOOST_WEIGHTS[part.kind] });

/**
 * Search over published materials: Meilisearch with Russian stems, facets that count with the
 * other filters applied, our own highlighting; PostgreSQL full text when the engine is away.
 */
export class SearchService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
    private readonly deps: SearchDeps,
  ) {}

  private checkQuery(query: string | undefined): string {
    const text = (query ?? '').trim();
    if (text.length > MAX_QUERY_LENGTH) throw badInput('query', `не длиннее ${MAX_QUERY_LENGTH} символов`);
    return text;
  }

  /** `selection`: what the caller reads of each hit (see hitSelection), so that a list loads only that. */
  async search(args: SearchArgs, selection: HitSelection = WHOLE_HITS): Promise<SearchResult> {
    const query = this.checkQuery(args.query);
    const first = pageSize(args.first);
    const offset = decodeOffset(args.after);
    const constraints = engineConstraints(args.filter);
    if ((args.ignore?.length ?? 0) > MAX_IGNORED) throw badInput('ignore', `не больше ${MAX_IGNORED} значений`);
    if (args.ignore?.some((key) => key.length > 100)) throw badInput('ignore', 'ключ не длиннее 100 символов');
    try {
      return await this.meiliSearch(query, constraints, first, offset, args, selection);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      return postgresSearch(this.em, this.viewer, query, args.filter, first, offset, args.sort ?? SearchSort.RELEVANCE);
    }
  }

  private async meiliSearch(
    query: string,
    constraints: Map<string, string>,
    first: number,
    offset: number,
    { sort = SearchSort.RELEVANCE, ignore = [], facets: withFacets = true }: SearchArgs,
    selection: HitSelection,
  ): Promise<SearchResult> {
    const dictionary = await searchDictionary(this.deps, this.em);
    const ask = (text: string, prefix = false) => {
      const understood = understandQuery(text, dictionary.subjects, dictionary.subjectAliases, ignore);
      const words = stems(understood.text);
      // A submitted query is whole words: the trailing space keeps the engine from taking the last
      // word as a prefix («театр» would rank «театральная» by position above «театр» itself).
      const q = `${words.join(' ')}${prefix ? '' : ' '}`;
      return {
        understood,
        words,
        answer: askEngine(this.deps, {
          q,
          constraints,
          first,
          offset,
          sort: SORTS[sort],
          matching: 'frequency',
          boosts: understood.parts.map(toBoost),
          retrieve: selection.engine?.attributes,
          facets: withFacets,
        }),
      };
    };
    let asked = ask(query);
    let answer = await asked.answer;
    let partialMatch = !answer.allWords;
    let correctedQuery: string | undefined;
    // A word cut short («матем») is still a prefix when nothing else is found.
    if (answer.total === 0 && asked.words.length) answer = await ask(query, true).answer;
    if ((answer.total === 0 || partialMatch) && asked.words.length) {
      // A typo beyond the engine's tolerance, alone or beside words that matched («древний ежипед»):
      // the closest words of the bank's own vocabulary, taken when they find more of the query.
      const corrected = correctQuery(query, await searchVocabulary(this.deps, this.em));
      const retry = corrected ? ask(corrected) : undefined;
      const again = retry && (await retry.answer);
      if (retry && again && again.total > 0 && (answer.total === 0 || again.allWords))
        [asked, answer, correctedQuery, partialMatch] = [retry, again, corrected!, !again.allWords];
    }
    if (answer.total === 0 && asked.words.length > 1) {
      // Not one material has every word and the rare words tie: the best partial matches, said so.
      const order = await partialOrder(this.deps, [...new Set(asked.words)]);
      if (order.length) {
        answer = await askEngine(this.deps, {
          q: order.join(' '),
          constraints,
          first,
          offset,
          sort: SORTS[sort],
          matching: 'last',
          boosts: asked.understood.parts.map(toBoost),
          retrieve: selection.engine?.attributes,
          facets: withFacets,
        });
        partialMatch = answer.total > 0;
      }
    }
    const understood = asked.understood;
    const [hits, facets] = await Promise.all([
      searchHits(this.em, this.viewer, answer.ids, correctedQuery ?? query, offset, dictionary.synonyms, selection, {
        documents: answer.documents,
        dictionary,
      }),
      withFacets ? this.facets(answer.distribution) : [],
    ]);
    return {
      hits,
      totalCount: answer.total,
      facets,
      pageInfo: {
        hasNextPage: offset + answer.ids.length < answer.total,
        hasPreviousPage: offset > 0,
        startCursor: hits[0]?.cursor,
        endCursor: hits.at(-1)?.cursor,
      },
      processingTimeMs: answer.processingTimeMs,
      engine: SearchEngine.MEILISEARCH,
      partialMatch,
      correctedQuery,
      understood: understood.parts.map(({ kind, key, label, text }) => ({ kind: kind as QueryPartKind, key, label, text })),
    };
  }

  /** Facet values with labels a person reads; ids become the API's global ids. */
  private async facets(distribution: Record<string, Record<string, number>>): Promise<Facet[]> {
    const lookups = await this.facetLabels(distribution);
    return FACET_LIST.map((facet) => ({
      name: facet.field as FacetName,
      values: Object.entries(distribution[facet.field] ?? {})
        .flatMap(([raw, count]) => {
          if (facet.node) {
            // A subject, level or organization deleted since indexing has no label: leave it out.
            const known = lookups.get(facet.node)?.get(raw);
            return known ? [{ ...known, count }] : [];
          }
          return [{ value: raw, label: facet.label?.(raw) ?? raw, count }];
        })
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'ru')),
    }));
  }

  /**
   * Labels of the node values (subjects, levels, organizations) in one statement of plain rows: a
   * search may name a hundred organizations, and building an entity for each only to read its name
   * costs more than the engine's whole answer.
   */
  private async facetLabels(distribution: Record<string, Record<string, number>>) {
    const nodes = FACET_LIST.filter((f) => f.node) as Array<FacetSpec & { node: keyof typeof LABEL_SQL }>;
    const lookups = new Map(nodes.map((f) => [f.node, new Map<string, { value: string; label: string }>()]));
    const wanted = nodes.filter((f) => Object.keys(distribution[f.field] ?? {}).length);
    if (!wanted.length) return lookups;
    const rows = await this.em.execute<Array<{ node: keyof typeof LABEL_SQL; id: string; label: string }>>(
      wanted
        .map(
          (f) =>
            `select '${f.node}' as node, id, label from (${LABEL_SQL[f.node]}) l where id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
        )
        .join(' union all '),
      wanted.map((f) => JSON.stringify(Object.keys(distribution[f.field] ?? {}))),
    );
    for (const row of rows) lookups.get(row.node)!.set(row.id, { value: toGlobalId(row.node, row.id), label: row.label });
    return lookups;
  }

  /** Search-as-you-type: a few titles and people, with the last word taken as a prefix. */
  async suggest(query: string, limit = 6): Promise<Suggestions> {
    const text = this.checkQuery(query);
    if (!text) return { materials: [], people: [] };
    const q = stems(text).join(' ');
    try {
      const { results } = await this.deps.client.multiSearch({
        queries: [
          {
            indexUid: this.deps.names.materials,
            q,
            limit,
            attributesToRetrieve: ['id'],
            attributesToSearchOn: ['title', 'title_stems', 'keywords', 'keywords_stems'],
          },
          { indexUid: this.deps.names.people, q: text, limit: 3, attributesToRetrieve: ['id'] },
        ],
      });
      const [materialIds, personIds] = results.map((r) => r.hits.map((h) => h.id as string));
      const [found, people] = await Promise.all([
        searchHits(this.em, this.viewer, materialIds!, '', 0),
        this.em.find(Person, { id: { $in: personIds! } }),
      ]);
      const byId = new Map(people.map((p) => [p.id, p]));
      return { materials: found.map((h) => h.material), people: personIds!.flatMap((id) => byId.get(id) ?? []) };
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const fallback = await postgresSearch(this.em, this.viewer, text, {}, limit, 0, SearchSort.RELEVANCE);
      return { materials: fallback.hits.map((h) => h.material), people: [] };
    }
  }

  /** One call for a global search box: materials, people and organizations. */
  async searchAll(query: string, first = 5): Promise<SearchAllResult> {
    const text = this.checkQuery(query);
    const limit = pageSize(first);
    try {
      const materials = await this.meiliSearch(text, new Map(), limit, 0, { facets: false }, WHOLE_HITS);
      const { results } = await this.deps.client.multiSearch({
        queries: [
          { indexUid: this.deps.names.people, q: text, limit, attributesToRetrieve: ['id'] },
          { indexUid: this.deps.names.organizations, q: stems(text).join(' '), limit, attributesToRetrieve: ['id'] },
        ],
      });
      const [personIds, organizationIds] = results.map((r) => r.hits.map((h) => h.id as string));
      const [people, organizations] = await Promise.all([
        this.em.find(Person, { id: { $in: personIds! } }),
        this.em.find(Organization, { id: { $in: organizationIds! } }),
      ]);
      const ordered = <T extends { id: string }>(items: T[], ids: string[]) => ids.flatMap((id) => items.find((i) => i.id === id) ?? []);
      return {
        materials: materials.hits,
        materialCount: materials.totalCount,
        people: ordered(people, personIds!),
        organizations: ordered(organizations, organizationIds!),
        engine: SearchEngine.MEILISEARCH,
      };
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const fallback = await postgresSearch(this.em, this.viewer, text, {}, limit, 0, SearchSort.RELEVANCE);
      return { materials: fallback.hits, materialCount: fallback.totalCount, people: [], organizations: [], engine: SearchEngine.POSTGRES };
    }
  }
}
