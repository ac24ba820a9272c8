import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createFragmentRegistry } from '@apollo/client/cache';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { MATERIAL_LIST_FRAGMENT } from '../components/material-list.fragment.ts';
import { FILE_LIST_FRAGMENT } from '../features/files/fragments.ts';
import { IMPORT_JOB_FRAGMENT } from '../features/imports/fragments.ts';
import { WORKFLOW_NOTE_FRAGMENT } from '../features/workflow/fragments.ts';
import { KIND_FIELDS_FRAGMENT, KINDS } from '../gql/kinds.ts';

/** SHA-256 in hex with the browser's own crypto: automatic persisted queries send the hash, the text only on a miss. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const http = new HttpLink({ uri: '/graphql' });

export const apollo = new ApolloClient({
  // Web Crypto exists only in secure contexts; over plain HTTP on a school's network the full text is sent.
  link: globalThis.crypto?.subtle ? new PersistedQueryLink({ sha256 }).concat(http) : http,
  // Components own their fragments; queries spread them by name and the registry supplies the text.
  cache: new InMemoryCache({
    possibleTypes: { Material: KINDS.map((k) => k.typename) },
    fragments: createFragmentRegistry(
      FILE_LIST_FRAGMENT,
      MATERIAL_LIST_FRAGMENT,
      KIND_FIELDS_FRAGMENT,
      WORKFLOW_NOTE_FRAGMENT,
      IMPORT_JOB_FRAGMENT,
    ),
  }),
});
