import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { createFragmentRegistry } from '@apollo/client/cache';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { describe, expect, it } from 'vitest';
import { buildMaterial, buildUser } from '../test/factories.ts';
import { useTestApp } from '../test/harness.ts';
import { Role } from '../modules/accounts/user.entity.ts';
import { TokenScope } from '../modules/tokens/api-token.entity.ts';
import { TokenService } from '../modules/tokens/token.service.ts';
import { MATERIAL_TYPES } from '../modules/materials/kinds.ts';
import { loadSafelist } from './safelist.ts';

const app = useTestApp({ safelist: loadSafelist() });
const clientSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../client/src');

/** A gql`…` template of the web client, read from its source as the build sees it. */
function clientDocument(file: string, name: string) {
  const source = fs.readFileSync(path.join(clientSrc, file), 'utf8');
  const template = [...source.matchAll(/gql`([^`]*)`/g)].map((m) => m[1]!).find((text) => text.includes(name));
  if (!template) throw new Error(`${name} нет в ${file}`);
  return gql(template);
}

/** Apollo Client set up as the web client is: fragment registry, __typename, automatic persisted queries. */
function webClient() {
  const sha256 = async (text: string) => crypto.createHash('sha256').update(text).digest('hex');
  return new ApolloClient({
    link: new PersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: `${app.url}/graphql` })),
    cache: new InMemoryCache({
      possibleTypes: { Material: [...MATERIAL_TYPES] },
      fragments: createFragmentRegistry(
        clientDocument('features/files/fragments.ts', 'FileList_material'),
        clientDocument('components/material-list.fragment.ts', 'MaterialList_item'),
        clientDocument('gql/kinds.ts', 'KindFields_material'),
      ),
    }),
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
      query: clientDocument('pages/MaterialPage.tsx', 'query MaterialPageQuery'),
      variables: { id: material.globalId },
    });
    expect((result.data as { material: { title: string } }).material.title).toBe('Практика из списка операций');
    const home = await webClient().query({ query: clientDocument('components/HomeSections.tsx', 'query HomePageQuery') });
    expect(home.error).toBeUndefined();
  });

  it('refuses any other operation from browsers and anonymous callers, with 403 OPERATION_NOT_ALLOWED', async () => {
    const handMade = await post('{ materials(first: 100) { edges { node { title body } } } }');
    expect(handMade.status).toBe(403);
    expect(handMade.body.errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect(handMade.body.data).toBeUndefined();
    // A client operation with one field more is another operation, even sent by the client itself.
    const source = fs.readFileSync(path.join(clientSrc, 'components/HomeSections.tsx'), 'utf8');
    const home = /gql`([^`]*query HomePageQuery[^`]*)`/.exec(source)![1]!;
    const widened = webClient().query({ query: gql(home.replace('materials(first: 1)', 'materials(first: 100)')) });
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
