import crypto from 'node:crypto';
import { ApolloClient, gql, HttpLink } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildMaterial, buildUser } from '../test/factories.ts';
import { useTestApp } from '../test/harness.ts';
import { Role } from '../modules/accounts/user.entity.ts';
import { TokenScope } from '../modules/tokens/api-token.entity.ts';
import { TokenService } from '../modules/tokens/token.service.ts';
import { createCache } from '../../../client/src/app/cache.ts';
import { HOME_QUERY } from '../../../client/src/components/home.query.ts';
import { MATERIAL_QUERY } from '../../../client/src/features/materials/material.query.ts';
import { loadSafelist } from './safelist.ts';

const app = useTestApp({ safelist: loadSafelist() });
/** Apollo Client set up as the web client is (its own cache: fragment registry, __typename), with automatic persisted queries. */
function webClient() {
  const sha256 = async (text: string) => crypto.createHash('sha256').update(text).digest('hex');
  return new ApolloClient({
    link: new PersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: `${app.url}/graphql` })),
    cache: createCache(),
  });
}

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

describe('GRAPHQL_SAFELIST', () => {
  it('runs the web client operations as Apollo Client sends them (fragments from the registry, __typename, persisted hash)', async () => {
    const material = await buildMaterial(app.em(), { title: 'Практика из списка операций' });
    const result = await webClient().query({
      query: MATERIAL_QUERY,
      variables: { id: material.globalId },
    });
    expect((result.data as { material: { title: string } }).material.title).toBe('Практика из списка операций');
    const home = await webClient().query({ query: HOME_QUERY });
    expect(home.error).toBeUndefined();
  });

  it('refuses any other operation from browsers and anonymous callers, with 403 OPERATION_NOT_ALLOWED', async () => {
    const handMade = await post('{ materials(first: 100) { edges { node { title body } } } }');
    expect(handMade.status).toBe(403);
    expect(handMade.body.errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect(handMade.body.data).toBeUndefined();
    // A client operation with one field more is another operation, even sent by the client itself.
    const widened = webClient().query({ query: gql(print(HOME_QUERY).replace('materials(first: 1)', 'materials(first: 100)')) });
    await expect(widened).rejects.toMatchObject({ errors: [{ extensions: { code: 'OPERATION_NOT_ALLOWED' } }] });
  });

  it('lets systems with an API token send their own queries', async () => {
    const em = app.em();
    const user = await buildUser(em, { role: Role.METHODIST });
    const { token } = await new TokenService(em).create(
      { userId: user.id, role: Role.METHODIST },
      { name: 'Портал', scope: TokenScope.READ },
    );
    const answer = await post('{ materials(first: 5) { totalCount } }', { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(answer.body.data.materials.totalCount).toBeGreaterThan(0);
  });
});
