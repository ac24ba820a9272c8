import type { EntityManager } from '@mikro-orm/postgresql';
import { engineSynonymsOf, fold, stemmedSynonyms, tokenize, type SynonymEntry } from '@metod-kb/search';
import { badInput, notFound } from '../../common/errors.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { SearchSynonym } from './synonym.entity.ts';
import type { SearchSynonymInput } from './synonym.inputs.ts';

/** The thesaurus as plain rows, in the order methodists read it. */
export function loadSynonymEntries(em: EntityManager): Promise<Array<SynonymEntry & { kind: string }>> {
  return em.getConnection().execute(`select kind, term, variants from search_synonym order by kind, lower(term)`);
}

/** The thesaurus as the engine's synonyms setting. */
export async function engineSynonyms(em: EntityManager): Promise<Record<string, string[]>> {
  return engineSynonymsOf(stemmedSynonyms(await loadSynonymEntries(em)));
}

const clean = (text: string) => text.trim().replace(/\s+/g, ' ');

/**
 * The search thesaurus: anyone reads it, methodists edit it. A write commits the entry and an
 * outbox row together; the indexer then puts the whole thesaurus into the engine's synonyms.
 */
export class SynonymService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  /** Abbreviations first, then teachers' wording, each in dictionary order. */
  async list(): Promise<SearchSynonym[]> {
    const entries = await this.em.find(SearchSynonym, {});
    return entries.sort((a, b) => a.kind.localeCompare(b.kind) || a.term.localeCompare(b.term, 'ru', { sensitivity: 'base' }));
  }

  async create(input: SearchSynonymInput): Promise<SearchSynonym> {
    authorize(this.viewer, 'search.synonyms');
    const entry = this.em.create(SearchSynonym, await this.checked(input));
    await this.em.flush();
    return entry;
  }

  async update(id: string, input: SearchSynonymInput): Promise<SearchSynonym> {
    authorize(this.viewer, 'search.synonyms');
    const entry = await this.em.findOne(SearchSynonym, { id });
    if (!entry) throw notFound('Запись словаря', id);
    Object.assign(entry, await this.checked(input, id));
    await this.em.flush();
    return entry;
  }

  async delete(id: string): Promise<void> {
    authorize(this.viewer, 'search.synonyms');
    const entry = await this.em.findOne(SearchSynonym, { id });
    if (!entry) throw notFound('Запись словаря', id);
    await this.em.remove(entry).flush();
  }

  /** Trimmed, each variant once, none equal to the term, the term not already in the thesaurus. */
  private async checked(input: SearchSynonymInput, id?: string): Promise<Pick<SearchSynonym, 'kind' | 'term' | 'variants'>> {
    const term = clean(input.term);
    if (!tokenize(term).length) throw badInput('input.term', 'нужно слово или сокращение');
    const variants = [
      ...new Map(
        input.variants
          .map(clean)
          .filter((v) => tokenize(v).length)
          .map((v) => [fold(v), v]),
      ).values(),
    ];
    if (!variants.length) throw badInput('input.variants', 'нужна хотя бы одна расшифровка из слов');
    if (variants.some((v) => fold(v) === fold(term))) throw badInput('input.variants', 'расшифровка совпадает с самим термином');
    const [twin] = await this.em
      .getConnection()
      .execute<Array<{ id: string }>>(
        `select id from search_synonym where lower(term) = lower(?) and id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')`,
        [term, id ?? null],
      );
    if (twin) throw badInput('input.term', `«${term}» уже есть в словаре`);
    return { kind: input.kind, term, variants };
  }
}
