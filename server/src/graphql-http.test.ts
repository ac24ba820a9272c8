import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './test/harness.ts';

const app = useTestApp();
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('GraphQL over HTTP', () => {
  it('answers application/graphql-response+json to clients that accept it, and 400 for parse and validation errors', async () => {
    const ok = await post({ query: '{ subjects { id } }' }, { accept: 'application/graphql-response+json' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const parse = await post({ query: '{ subjects { id ' }, { accept: 'application/graphql-response+json' });
    expect(parse.status).toBe(400);
    expect((await parse.json()).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await post({ query: '{ noSuchField }' }, { accept: 'application/graphql-response+json' });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('runs queries over GET, refuses mutations over GET, and keeps CSRF prevention on', async () => {
    const query = encodeURIComponent('{ subjects { id } }');
    const get = await fetch(`${app.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    // Answers depend on who asks and change with every edit: no browser or proxy may keep them.
    expect(get.headers.get('cache-control')).toBe('no-store');
    const mutation = await fetch(`${app.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
    // A plain GET a page on another site could trigger (no preflight header) is refused.
    const simple = await fetch(`${app.url}/graphql?query=${query}`);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toContain('CSRF');
  });

  it('serves automatic persisted queries: the hash alone after the first request', async () => {
    const query = '{ educationLevels { code } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const miss = await (await post({ extensions })).json();
    expect(miss.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await (await post({ query, extensions })).json()).errors).toBeUndefined();
    const hit = await (await post({ extensions })).json();
    expect(hit.errors).toBeUndefined();
    expect(Array.isArray(hit.data.educationLevels)).toBe(true);
  });
});
