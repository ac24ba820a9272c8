import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './modules/accounts/viewer.ts';
import type { SearchDeps } from './modules/search/search.service.ts';

/** Built for every request: its own identity map (an em fork, so dataloaders batch per request) and the viewer. */
export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  search: SearchDeps;
}
