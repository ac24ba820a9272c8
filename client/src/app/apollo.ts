import { ApolloClient, HttpLink } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { createCache, FIRST_DATA_ID } from './cache.ts';

/** SHA-256 in hex with the browser's own crypto: automatic persisted queries send the hash, the text only on a miss. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const http = new HttpLink({ uri: '/graphql' });
const cache = createCache();
// The page's first answers came with the HTML (see first-data.ts): the first render draws them at
// once, without a round trip and without normalizing them again. An unreadable block only costs the round trip.
const firstData = document.getElementById(FIRST_DATA_ID)?.textContent;
if (firstData) {
  try {
    cache.restore(JSON.parse(firstData));
  } catch {
    // The queries go out as usual.
  }
}

export const apollo = new ApolloClient({
  // Web Crypto exists only in secure contexts; over plain HTTP on a school's network the full text is sent.
  link: globalThis.crypto?.subtle ? new PersistedQueryLink({ sha256 }).concat(http) : http,
  cache,
});
