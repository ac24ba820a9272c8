import { wrap, type EntityManager, type EntityProperty, type Platform } from '@mikro-orm/core';
import DataLoader from 'dataloader';

/**
 * A column's value as the entity would hold it. The driver hands over dates as text and arrays in
 * PostgreSQL's notation; the property's type converts them.
 */
export function columnValue(prop: EntityProperty | undefined, raw: unknown, platform: Platform): unknown {
  if (raw === null || raw === undefined || !prop) return raw;
  if (prop.runtimeType === 'Date') return new Date(raw as string);
  return prop.customType ? prop.customType.convertToJSValue(raw, platform) : raw;
}

const plainPrototypes = new WeakMap<object, object>();

/**
 * An object of an entity's class (its getters and GraphQL type work) holding `values` as its own
 * properties. The ORM puts a setter on the prototype for each property, which gives an object
 * change tracking of its own when first assigned: a read never uses it, and it was a third of the
 * ORM's time on a page of 50. Between the object and its class sits a prototype that shadows those
 * setters with plain properties, so that assigning makes ordinary own properties.
 */
export function plainObject<T extends object>(entity: { prototype: T }, values: Record<string, unknown>): T {
  let prototype = plainPrototypes.get(entity.prototype);
  if (!prototype) {
    prototype = Object.create(entity.prototype) as object;
    for (let level = entity.prototype as object | null; level && level !== Object.prototype; level = Object.getPrototypeOf(level))
      for (const [name, property] of Object.entries(Object.getOwnPropertyDescriptors(level)))
        if (property.set && !property.get && !Object.hasOwn(prototype, name))
          Object.defineProperty(prototype, name, { value: undefined, writable: true, configurable: true });
    plainPrototypes.set(entity.prototype, prototype);
  }
  return Object.assign(Object.create(prototype) as T, values);
}

/**
 * Rows of an entity's table (`select t.*`) as plain objects of its class, for reads: its getters and
 * GraphQL type work, each column is converted as the entity would hold it, a many-to-one key becomes
 * a reference. No identity map and no collections: building a managed entity (the ORM sets up every
 * relation of every instance) cost more than the rest of a list's request. Resolvers of fields that
 * are collections on the entity read them through a loader when the object has none.
 */
export function plainEntities<T extends object>(em: EntityManager, entity: new () => T, rows: Array<Record<string, unknown>>): T[] {
  const platform = em.getPlatform();
  const columns = em
    .getMetadata()
    .get(entity.name)
    .props.filter((prop) => prop.kind === 'scalar' || prop.kind === 'm:1');
  return rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const prop of columns) {
      const raw = row[prop.fieldNames[0]!];
      if (raw === undefined) continue;
      values[prop.name] =
        prop.kind === 'm:1'
          ? raw === null
            ? undefined
            : em.getReference(prop.type, raw as string, { wrapped: prop.ref ?? false })
          : columnValue(prop, raw, platform);
    }
    return plainObject(entity, values);
  });
}

/** A link table between two entities: whose links (`owner`), to what (`column` → `target`'s table), in which order. */
export interface LinkTable {
  table: string;
  owner: string;
  column: string;
  target: string;
  /** Extra ordering of one owner's links (`, l.position`). */
  order?: string;
}

/**
 * The linked objects of many owners in one statement (a page's subjects, authors, levels),
 * `entity`'s plain objects (see `plainEntities`). The same target linked from many owners is one
 * object; one the request already holds as a loaded entity (a mutation's own) is used as it is.
 */
export function linkLoader<T extends { id: string }>(em: EntityManager, entity: new () => T, link: LinkTable): DataLoader<string, T[]> {
  return new DataLoader(async (ownerIds) => {
    const rows = await em.getConnection().execute<Array<Record<string, unknown> & { link_owner_id: string; id: string }>>(
      `select l.${link.owner} as link_owner_id, t.* from ${link.table} l join ${link.target} t on t.id = l.${link.column}
         where l.${link.owner} in (select jsonb_array_elements_text(?::jsonb)::uuid) order by l.${link.owner}${link.order ?? ''}`,
      [JSON.stringify(ownerIds)],
    );
    const uow = em.getUnitOfWork();
    const objects = new Map<string, T>();
    // A managed entity is used only when loaded: one the request met as another row's reference holds no columns.
    const managed = (id: string) => {
      const known = uow.getById(entity.name, id) as T | undefined;
      return known && wrap(known).isInitialized() ? known : undefined;
    };
    const objectOf = (row: Record<string, unknown> & { id: string }) => {
      const found = objects.get(row.id) ?? managed(row.id) ?? plainEntities(em, entity, [row])[0]!;
      objects.set(row.id, found);
      return found;
    };
    const byOwner = new Map<string, T[]>();
    for (const row of rows) byOwner.set(row.link_owner_id, [...(byOwner.get(row.link_owner_id) ?? []), objectOf(row)]);
    return ownerIds.map((id) => byOwner.get(id) ?? []);
  });
}
