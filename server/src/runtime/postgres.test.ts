import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

describe('embedded PostgreSQL', () => {
  it('is initialised for Russian: ICU collation and the russian text search configuration', async () => {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select current_setting('default_text_search_config') as config, datlocprovider as provider, datlocale as locale from pg_database where datname = current_database()`,
      );
      expect(rows[0]).toEqual({ config: 'pg_catalog.russian', provider: 'i', locale: 'ru-RU' });
      // Parallel workers load the same setting: a wrong value there only shows on big scans.
      await client.query('set parallel_setup_cost = 0; set parallel_tuple_cost = 0; set min_parallel_table_scan_size = 0');
      const count = await client.query(
        `select count(*) from generate_series(1, 100000) g where to_tsvector('учителя') @@ to_tsquery('учитель')`,
      );
      expect(Number(count.rows[0].count)).toBe(100000);
    } finally {
      await client.end();
    }
  });
});
