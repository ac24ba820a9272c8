import fs from 'node:fs';
import path from 'node:path';
import { gql } from '@apollo/client';
import { expect, it } from 'vitest';
import { documentOf, precompileGql, TEMPLATE } from './precompile-gql.ts';

const src = new URL('../src/', import.meta.url).pathname;
const sources = (fs.readdirSync(src, { recursive: true }) as string[])
  .filter((file) => /\.tsx?$/.test(file))
  .map((file) => fs.readFileSync(path.join(src, file), 'utf8'));
/** A document without its source locations, as a plain value. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'loc' ? undefined : v)));

it('every gql template of the client becomes, at build time, the document graphql-tag would build in the browser', () => {
  const templates = sources.flatMap((code) => [...code.matchAll(TEMPLATE)].map((m) => m[1]!));
  expect(templates.length).toBeGreaterThan(50);
  for (const text of templates) expect(documentOf(text)).toEqual(plain(gql(text)));
  // None is left to parse at run time.
  for (const code of sources) expect(precompileGql(code) ?? code).not.toMatch(/\bgql`/);
});

it('keeps GraphQL variables and leaves other templates alone; a malformed document fails the build', () => {
  const code = 'const Q = gql`query Q($id: ID!) { material(id: $id) { id } }`;\nconst s = `${1}`;';
  const out = precompileGql(code)!;
  expect(out).toContain('const s = `${1}`;');
  const document = new Function('JSON', `${out.replace('const Q =', 'return')}`)(JSON);
  expect(document.definitions[0].variableDefinitions[0].variable.name.value).toBe('id');
  expect(() => precompileGql('gql`query { material(`')).toThrow(/Syntax Error/);
});
