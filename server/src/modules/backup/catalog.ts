import type pg from 'pg';

/**
 * Tables that are not the centre's data: the migration log (a restore rebuilds it by migrating to
 * the backup's version) and this installation's own log of backups (it describes this machine).
 */
export const NOT_BACKED_UP = ['mikro_orm_migrations', 'backup_run'];

/**
 * Tables that hold rows before anyone has used the product: the review criteria and the search
 * thesaurus the migrations insert, and the secrets every server makes at its start. Rows there do not make a database "not
 * empty"; a restore still replaces them with the backup's (so cookies signed on the old machine
 * stay valid on the new one).
 */
const FILLED_WITHOUT_USE = ['review_criterion', 'server_secret', 'search_synonym'];

/**
 * Session settings under which COPY writes every value the same way on every server and
 * machine: backup and restore both set them before they read or checksum a table.
 */
export const STABLE_TEXT_SETTINGS = `set TimeZone = 'UTC'; set DateStyle = 'ISO, YMD'; set IntervalStyle = 'postgres'; set extra_float_digits = 1; set bytea_output = 'hex'; set client_encoding = 'UTF8'`;

export interface TableInfo {
  name: string;
  /** Stored columns in table order; generated ones (material.search_vector) are computed again on load. */
  columns: string[];
}

interface KeyColumn {
  name: string;
  collatable: boolean;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The product's tables in an order that satisfies their foreign keys (parents first), with the
 * columns to copy and the primary key that orders their rows.
 */
export async function productTables(client: pg.ClientBase): Promise<Array<TableInfo & { key: KeyColumn[] }>> {
  const { rows } = await client.query<{ name: string; columns: string[]; key: KeyColumn[] | null }>(
    `select c.relname as name,
            (select array_agg(a.attname::text order by a.attnum) from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns,
            (select json_agg(json_build_object('name', a.attname, 'collatable', a.attcollation <> 0) order by k.ord)
               from pg_index i cross join unnest(i.indkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
              where i.indrelid = c.oid and i.indisprimary) as key
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> all($1)
      order by c.relname`,
    [NOT_BACKED_UP],
  );
  const { rows: links } = await client.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent
       from pg_constraint f join pg_class child on child.oid = f.conrelid join pg_class parent on parent.oid = f.confrelid
       join pg_namespace n on n.oid = f.connamespace
      where f.contype = 'f' and n.nspname = current_schema() and child.relname <> parent.relname`,
  );
  const byName = new Map(rows.map((row) => [row.name, { name: row.name, columns: row.columns, key: row.key ?? [] }]));
  const parents = new Map(rows.map((row) => [row.name, new Set<string>()]));
  for (const { child, parent } of links) if (byName.has(child) && byName.has(parent)) parents.get(child)!.add(parent);
  // Kahn's algorithm, alphabetical among equals, so that the order is the same on every run.
  const ordered: Array<TableInfo & { key: KeyColumn[] }> = [];
  const placed = new Set<string>();
  while (ordered.length < rows.length) {
    const ready = rows.find((row) => !placed.has(row.name) && [...parents.get(row.name)!].every((parent) => placed.has(parent)));
    if (!ready)
      throw new Error(
        `foreign keys form a cycle among ${rows
          .filter((r) => !placed.has(r.name))
          .map((r) => r.name)
          .join(', ')}`,
      );
    placed.add(ready.name);
    ordered.push(byName.get(ready.name)!);
  }
  return ordered;
}

/**
 * `COPY … TO STDOUT` of a table's stored columns ordered by its primary key (text keys in
 * byte order, whatever the database's collation), so that the same rows give the same bytes and
 * the same checksum on any server, whatever their physical order.
 */
export function copyOutQuery(table: TableInfo & { key: KeyColumn[] }): string {
  const columns = table.columns.map(quoteIdent).join(', ');
  const order = table.key.length
    ? table.key.map((k) => `${quoteIdent(k.name)}${k.collatable ? ' collate "C"' : ''}`).join(', ')
    : `t::text collate "C"`;
  return `copy (select ${columns} from ${quoteIdent(table.name)} t order by ${order}) to stdout`;
}

export const copyInQuery = (table: TableInfo) => `copy ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')}) from stdin`;

/** Rows per product table that has any, beyond what the migrations put there; empty when the database holds no data. */
export async function dataCounts(client: pg.ClientBase): Promise<Array<{ table: string; rows: number }>> {
  const counts: Array<{ table: string; rows: number }> = [];
  for (const table of await productTables(client)) {
    if (FILLED_WITHOUT_USE.includes(table.name)) continue;
    const { rows } = await client.query<{ rows: string }>(`select count(*) as rows from ${quoteIdent(table.name)}`);
    if (Number(rows[0]!.rows) > 0) counts.push({ table: table.name, rows: Number(rows[0]!.rows) });
  }
  return counts.sort((a, b) => b.rows - a.rows);
}

/** Sets every sequence owned by a column (search_outbox.id) past the largest value loaded into it. */
export async function resetSequences(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ sequence: string; table: string; column: string }>(
    `select seq.relname as sequence, tbl.relname as table, col.attname as column
       from pg_class seq join pg_namespace n on n.oid = seq.relnamespace
       join pg_depend d on d.objid = seq.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       join pg_class tbl on tbl.oid = d.refobjid
       join pg_attribute col on col.attrelid = tbl.oid and col.attnum = d.refobjsubid
      where seq.relkind = 'S' and n.nspname = current_schema()`,
  );
  for (const { sequence, table, column } of rows) {
    const max = `(select max(${quoteIdent(column)}) from ${quoteIdent(table)})`;
    await client.query(`select setval($1::regclass, coalesce(${max}, 1), ${max} is not null)`, [quoteIdent(sequence)]);
  }
}
