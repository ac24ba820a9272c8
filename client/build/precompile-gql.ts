import { parse, type DocumentNode } from 'graphql';
import type { Plugin } from 'vite';

/** A `gql` template without `${…}` inside (GraphQL's own `$variables` are fine). */
export const TEMPLATE = /\bgql`((?:[^`$\\]|\$(?!\{))*)`/g;

/** The document as graphql-tag would build it at run time, without source locations (nothing reads them). */
export function documentOf(text: string): DocumentNode {
  return parse(text, { noLocation: true });
}

/** The source with each plain `gql` template replaced by its parsed document; null when there is none. */
export function precompileGql(code: string): string | null {
  if (!code.includes('gql`')) return null;
  let changed = false;
  const out = code.replace(TEMPLATE, (_, text: string) => {
    changed = true;
    // A JSON string is parsed faster than the same object written as a literal.
    return `JSON.parse(${JSON.stringify(JSON.stringify(documentOf(text)))})`;
  });
  return changed ? out : null;
}

/**
 * GraphQL documents parsed at build time: each plain gql`…` in our sources becomes its syntax tree,
 * so a phone does not parse every query and fragment of the first page while it starts (graphql-js's
 * parser, about a fifth of the initial chunks' evaluation). A malformed document fails the build.
 */
export function precompiledGql(): Plugin {
  return {
    name: 'precompiled-gql',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\.tsx?$/.test(id)) return null;
      const out = precompileGql(code);
      return out === null ? null : { code: out, map: null };
    },
  };
}
