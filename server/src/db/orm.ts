import 'reflect-metadata';
import { DataloaderType, MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrationsList } from '../migrations/index.ts';
import { SearchOutboxSubscriber } from '../modules/search/outbox.subscriber.ts';
import { checkDeadline } from '../common/request-scope.ts';
import { entities } from './entities.ts';

export interface OrmOptions {
  databaseUrl: string;
  /** Called with every SQL statement; tests count them, LOG_LEVEL=debug prints them. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

export function ormConfig({ databaseUrl, onQuery, poolMax = 10 }: OrmOptions): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    subscribers: [new SearchOutboxSubscriber()],
    // Batches Reference.load() and Collection.load() made in one tick: no N+1 in field resolvers.
    dataloader: DataloaderType.ALL,
    discovery: { disableDynamicFileAccess: true },
    pool: { min: 0, max: poolMax },
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      emit: 'ts',
      path: 'server/src/migrations',
    },
    // Before every statement: an operation past its deadline stops here (common/execution-timeout.ts).
    onQuery: (sql: string) => (checkDeadline(), sql),
    debug: onQuery ? ['query'] : false,
    logger: onQuery ? (message: string) => onQuery(message) : undefined,
    colors: false,
  };
}

export async function openOrm(options: OrmOptions): Promise<MikroORM<PostgreSqlDriver>> {
  return MikroORM.init(ormConfig(options));
}

/** Applies pending migrations; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
