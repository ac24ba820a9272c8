import type { EntityManager } from '@mikro-orm/postgresql';
import { isEnumValue } from '../../../common/enums.ts';
import { Subject } from '../../dictionaries/dictionary.entity.ts';
import { Material } from '../../materials/material.entity.ts';
import { KIND_LABELS, MaterialKind, MaterialStatus } from '../../materials/material.enums.ts';
import { OaiError } from './oai-request.ts';

/**
 * What OAI-PMH exposes: every material that was ever published. One that is published now is a
 * record; one archived (or taken back) after publication stays as a deleted record for good, so
 * harvesters learn that it is gone ("persistent" deletes). Datestamps are `updated_at`.
 */

export interface OaiSet {
  spec: string;
  name: string;
}

export interface ListFilter {
  set?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive: the end of the day or second that `until` named. */
  before?: Date;
}

/** Where a page ended: the exact datestamp (microseconds, UTC) and id of its last item. */
export interface Position {
  stamp: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;
export const RECORD_POPULATE = ['authorships.person', 'organization', 'subjects', 'levels', 'keywords', 'attachments.file'] as const;

export const isDeleted = (material: Material) => material.status !== MaterialStatus.PUBLISHED;

/** The set specs a material belongs to, hierarchy included (`kind`, `kind:BEST_PRACTICE`, …). */
export function setsOf(material: Material): string[] {
  const subjects = material.subjects.isInitialized() ? material.subjects.getItems() : [];
  return ['kind', `kind:${material.kind}`, ...(subjects.length ? ['subject'] : []), ...subjects.map((s) => `subject:${s.id}`)];
}

export class OaiRepository {
  constructor(private readonly em: EntityManager) {}

  async sets(): Promise<OaiSet[]> {
    const subjects = await this.em.find(Subject, {}, { orderBy: { position: 'asc', name: 'asc' } });
    return [
      { spec: 'kind', name: 'Материалы по видам' },
      ...Object.values(MaterialKind).map((kind) => ({ spec: `kind:${kind}`, name: KIND_LABELS[kind] })),
      { spec: 'subject', name: 'Материалы по учебным предметам' },
      ...subjects.map((s) => ({ spec: `subject:${s.id}`, name: s.name })),
    ];
  }

  async earliestDatestamp(): Promise<Date | undefined> {
    const [row] = await this.em
      .getConnection()
      .execute<Array<{ earliest: Date | null }>>('select min(updated_at) as earliest from material where published_at is not null');
    return row?.earliest ? new Date(row.earliest) : undefined;
  }

  /** One page in datestamp order after `after`, and how many match in all. */
  async page(filter: ListFilter, after: Position | undefined, limit: number): Promise<{ ids: Position[]; total: number }> {
    const { sql, params } = where(filter);
    const connection = this.em.getConnection();
    const keyset = after ? ` and (m.updated_at, m.id) > ((?::timestamp at time zone 'UTC'), ?::uuid)` : '';
    const [rows, [count]] = await Promise.all([
      connection.execute<Array<{ id: string; stamp: string }>>(
        `select m.id, to_char(m.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as stamp from material m where ${sql}${keyset} order by m.updated_at, m.id limit ?`,
        [...params, ...(after ? [after.stamp, after.id] : []), limit],
      ),
      connection.execute<Array<{ total: string }>>(`select count(*) as total from material m where ${sql}`, params),
    ]);
    return { ids: rows.map((r) => ({ id: r.id, stamp: r.stamp })), total: Number(count?.total ?? 0) };
  }

  /** Materials by id in the given order, with everything a record shows. */
  async load(ids: string[], full: boolean): Promise<Material[]> {
    if (!ids.length) return [];
    const found = await this.em.find(Material, { id: { $in: ids } }, { populate: (full ? RECORD_POPULATE : ['subjects']) as never });
    const byId = new Map(found.map((m) => [m.id, m]));
    return ids.map((id) => byId.get(id)).filter((m): m is Material => m !== undefined);
  }

  async findPublishedOnce(uuid: string): Promise<Material | undefined> {
    if (!UUID.test(uuid)) return undefined;
    const [material] = await this.load([uuid], true);
    return material?.publishedAt ? material : undefined;
  }
}

/** Whether a set spec names one of our sets: `kind`, `kind:<kind>`, `subject` or `subject:<uuid>`. */
export function isKnownSet(spec: string): boolean {
  if (!SET_SPEC.test(spec)) return false;
  const [top, value, ...deeper] = spec.split(':');
  if (deeper.length) return false;
  return (
    (top === 'kind' && (value === undefined || isEnumValue(MaterialKind, value))) ||
    (top === 'subject' && (value === undefined || UUID.test(value)))
  );
}

function where(filter: ListFilter): { sql: string; params: unknown[] } {
  const clauses = ['m.published_at is not null'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (filter.from) add('m.updated_at >= ?', filter.from);
  if (filter.before) add('m.updated_at < ?', filter.before);
  if (filter.set !== undefined) {
    if (!SET_SPEC.test(filter.set)) throw new OaiError('badArgument', `set=${filter.set}: недопустимый setSpec`);
    if (!isKnownSet(filter.set)) throw new OaiError('noRecordsMatch', `Набора ${filter.set} нет (см. ListSets)`);
    const [top, value] = filter.set.split(':');
    if (top === 'kind' && value) add('m.kind = ?', value);
    if (top === 'subject' && value)
      add('exists (select 1 from material_subject ms where ms.material_id = m.id and ms.subject_id = ?)', value);
    if (top === 'subject' && !value) add('exists (select 1 from material_subject ms where ms.material_id = m.id)');
  }
  return { sql: clauses.join(' and '), params };
}
