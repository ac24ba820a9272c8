import type { EntityManager } from '@mikro-orm/postgresql';
import type { SettingsData } from '@metod-kb/search';
import { FACET_FIELDS } from './facets.ts';
import { engineSynonyms } from './synonym.service.ts';

/** What the engine's index settings take from the product: the thesaurus and the facet table. */
export async function engineSettings(em: EntityManager): Promise<SettingsData> {
  return { synonyms: await engineSynonyms(em), facets: FACET_FIELDS };
}
