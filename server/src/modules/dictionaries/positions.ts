import type { EntityManager, EntityName } from '@mikro-orm/postgresql';

/** A new entry goes to the end of its list. */
export async function nextPosition(em: EntityManager, entity: EntityName<{ position: number }>): Promise<number> {
  const [last] = await em.find(entity, {}, { orderBy: { position: 'desc' }, limit: 1, fields: ['position'] as never });
  return (last?.position ?? 0) + 1;
}
