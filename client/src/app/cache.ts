import { InMemoryCache } from '@apollo/client';
import { createFragmentRegistry } from '@apollo/client/cache';
import { MATERIAL_LIST_FRAGMENT } from '../components/material-list.fragment.ts';
import { FILE_LIST_FRAGMENT } from '../features/files/fragments.ts';
import { IMPORT_JOB_FRAGMENT } from '../features/imports/fragments.ts';
import { WORKFLOW_NOTE_FRAGMENT } from '../features/workflow/fragments.ts';
import { KIND_FIELDS_FRAGMENT, KINDS } from '../gql/kinds.ts';

/** The element of the HTML that carries the page's first answers, as the cache's own JSON (`cache.extract()`). */
export const FIRST_DATA_ID = 'first-data';

/**
 * The client's normalized cache, built the same way in the browser and on the server (which fills one
 * with a page's first answers and sends it inside the HTML). Components own their fragments; queries
 * spread them by name and the registry supplies the text.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: { Material: KINDS.map((k) => k.typename) },
    fragments: createFragmentRegistry(
      FILE_LIST_FRAGMENT,
      MATERIAL_LIST_FRAGMENT,
      KIND_FIELDS_FRAGMENT,
      WORKFLOW_NOTE_FRAGMENT,
      IMPORT_JOB_FRAGMENT,
    ),
  });
}
