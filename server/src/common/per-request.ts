import type { EntityManager } from '@mikro-orm/core';

/**
 * One instance per request (batch loaders, their caches): keyed by the request's EntityManager
 * fork, so that it is shared by the request's resolvers and goes away with the request.
 */
export function perRequest<T>(create: (em: EntityManager) => T): (em: EntityManager) => T {
  const instances = new WeakMap<EntityManager, T>();
  return (em) => {
    let instance = instances.get(em);
    if (!instance) instances.set(em, (instance = create(em)));
    return instance;
  };
}
