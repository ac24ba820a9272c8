import type { EntityManager } from '@mikro-orm/core';

/**
 * Runs `work` in a database transaction on this very EntityManager, so that entities loaded
 * before it and every flush inside it share one identity map and commit or roll back together.
 * (`em.transactional` would hand the work a fork, and changes made through the outer manager
 * would miss the commit.)
 */
export async function withTransaction<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  await em.begin();
  try {
    const result = await work();
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
