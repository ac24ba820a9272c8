import { matchPage, PAGE_MODULES } from '../../../../client/src/app/paths.ts';

/** A chunk in the client build's manifest (`dist/.vite/manifest.json`, Vite's `build.manifest`). */
export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  /** Keys of the chunks it imports statically. */
  imports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/** A chunk's key with every chunk it imports, directly or through others. */
function withImports(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key) || !manifest[key]) return into;
  into.add(key);
  for (const imported of manifest[key].imports ?? []) withImports(manifest, imported, into);
  return into;
}

/**
 * The scripts of the page a path shows that the shell does not load already: its route chunk and
 * what that imports. The server names them in `<link rel="modulepreload">`, so the browser fetches
 * them beside the entry instead of after the entry has run and asked for the page.
 */
export function routePreloads(manifest: Manifest, pathname: string): string[] {
  const match = matchPage(pathname);
  if (!match) return [];
  const initial = new Set<string>();
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) withImports(manifest, key, initial);
  return [...withImports(manifest, PAGE_MODULES[match.page])].filter((key) => !initial.has(key)).map((key) => `/${manifest[key]!.file}`);
}
