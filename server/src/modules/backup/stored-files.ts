import type pg from 'pg';

const PAGE = 500;

/** The objects in storage that the database names: each file's bytes and its preview. */
export const storedFiles = {
  async count(client: pg.ClientBase): Promise<number> {
    const { rows } = await client.query<{ count: string }>('select count(*) + count(preview_key) as count from media_file');
    return Number(rows[0]!.count);
  },

  /** Page by page in id order (memory stays flat however many files), inside the caller's snapshot. */
  async *list(client: pg.ClientBase): AsyncGenerator<{ key: string; contentType: string }> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await client.query<{ id: string; storage_key: string; mime_type: string; preview_key: string | null }>(
        'select id, storage_key, mime_type, preview_key from media_file where id > $1 order by id limit $2',
        [after, PAGE],
      );
      for (const row of rows) {
        yield { key: row.storage_key, contentType: row.mime_type };
        // Previews are the WebP thumbnails the file processor makes.
        if (row.preview_key) yield { key: row.preview_key, contentType: 'image/webp' };
      }
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.id;
    }
  },
};
