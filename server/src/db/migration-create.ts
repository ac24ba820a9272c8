/** Writes a migration for the difference between the entities and a fresh database built from the existing migrations. */
import { loadConfig } from '../config.ts';
import { startServices } from '../runtime/services.ts';
import { migrate, openOrm } from './orm.ts';

const services = await startServices(loadConfig(), { reuseRunning: true });
const orm = await openOrm({ databaseUrl: services.databaseUrl });
try {
  await migrate(orm);
  const result = await orm.getMigrator().createMigration('server/src/migrations', false, false);
  console.log(
    result.fileName ? `Создана миграция ${result.fileName}: добавьте её в server/src/migrations/index.ts` : 'Изменений схемы нет',
  );
} finally {
  await orm.close();
  await services.stop();
}
