import crypto from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';

/**
 * A secret every server of one database shares (any number of processes or machines): made by
 * whichever asks first and kept in PostgreSQL, so it survives restarts and never sits in the code,
 * the environment or one machine's DATA_DIR.
 */
export async function serverSecret(orm: MikroORM, name: string): Promise<string> {
  // One statement: the first server's value wins, the others read it back.
  const [row] = await orm.em
    .getConnection()
    .execute<Array<{ value: string }>>(
      `insert into server_secret (name, value) values (?, ?) on conflict (name) do update set name = excluded.name returning value`,
      [name, crypto.randomBytes(32).toString('base64url')],
    );
  return row!.value;
}
