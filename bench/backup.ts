/**
 * Backup and restore of a large bank: the demo corpus and its files plus N generated published
 * materials, backed up with `kb backup`'s code while nothing else runs, then restored into a fresh
 * database and files directory, the search indexes rebuilt apart so that their share shows.
 * Prints time, archive size and the process's peak RSS for each step.
 *   npm run bench:backup [-- --materials 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createMeiliClient, ensureIndexes, indexNames } from '@metod-kb/search';
import { openOrm } from '../server/src/db/orm.ts';
import { createBackup } from '../server/src/modules/backup/backup.service.ts';
import { restoreBackup } from '../server/src/modules/backup/restore.service.ts';
import { filesConfig } from '../server/src/modules/files/files-config.ts';
import { LocalStorage } from '../server/src/modules/files/storage.ts';
import { engineSettings } from '../server/src/modules/search/engine-settings.ts';
import { checkIndex, reindexAll } from '../server/src/modules/search/reindex.ts';
import { seedDemoFiles } from '../server/src/seeders/demo-files.ts';
import { arg, benchInstallation, generateMaterials } from './lib.ts';

const MATERIALS = arg('materials', 100_000);
const log = (line: string) => console.log(line);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Runs `work` and reports its time and the peak RSS while it ran, above the RSS just before. */
async function measured<T>(label: string, work: () => Promise<T>): Promise<{ result: T; seconds: number; peak: number; growth: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  log(`${label}: ${seconds.toFixed(1)} s, peak RSS ${mib(peak)} MiB (+${mib(peak - baseline)})`);
  return { result, seconds, peak, growth: peak - baseline };
}

const { config, services, orm, dataDir } = await benchInstallation();
const attached = await seedDemoFiles(orm, filesConfig(config));
const { rawJsonBytes } = await generateMaterials(services.databaseUrl, MATERIALS, (n) => process.stdout.write(`\rgenerated ${n}`));
process.stdout.write('\n');
const admin = new pg.Client({ connectionString: services.databaseUrl });
await admin.connect();
const [{ materials, size }] = (
  await admin.query(`select (select count(*) from material)::int as materials, pg_database_size(current_database())::bigint as size`)
).rows;
log(
  `bank: ${materials} materials (${mib(rawJsonBytes)} MiB of their fields as JSON), ${attached} files, database ${mib(Number(size))} MiB`,
);

const archive = path.join(dataDir, 'backups', 'bench.tar.gz');
const backup = await measured('backup', () => createBackup({ orm, storage: filesConfig(config).storage, target: archive }));
const { manifest, bytes } = backup.result;
log(
  `archive: ${mib(bytes)} MiB (${mib(manifest.totalBytes)} MiB before compression), ${manifest.tables.reduce((s, t) => s + t.rows, 0)} rows, ${manifest.files.count} files`,
);

// Another machine: an empty database on the same server, its own files directory and index prefix.
await admin.query('drop database if exists kb_bench_restore');
await admin.query('create database kb_bench_restore');
await admin.end();
const targetUrl = new URL(services.databaseUrl);
targetUrl.pathname = '/kb_bench_restore';
const target = await openOrm({ databaseUrl: targetUrl.toString(), poolMax: 4 });
const targetFiles = path.join(dataDir, 'restored-files');
const restore = await measured('restore (load, verify)', () =>
  restoreBackup({
    orm: target,
    storage: new LocalStorage(path.join(targetFiles, 'store')),
    incomingDir: path.join(targetFiles, 'incoming'),
    file: archive,
    replace: false,
  }),
);
const search = { client: createMeiliClient(services.meili), names: indexNames('kb_bench_restore_') };
await ensureIndexes(search.client, search.names, await engineSettings(target.em.fork() as never));
const reindex = await measured('restore (search indexes)', () => reindexAll(target, search));
const check = await checkIndex(target, search);
log(`search:check after restore: missing ${check.missing.length}, extra ${check.extra.length}, stale ${check.stale.length}`);

log('\n| step | time | size | peak RSS (growth) |\n|---|---|---|---|');
log(
  `| backup | ${backup.seconds.toFixed(1)} s | ${mib(bytes)} MiB archive (${mib(manifest.totalBytes)} MiB raw) | ${mib(backup.peak)} MiB (+${mib(backup.growth)}) |`,
);
log(`| restore: load and verify | ${restore.seconds.toFixed(1)} s | | ${mib(restore.peak)} MiB (+${mib(restore.growth)}) |`);
log(
  `| restore: search indexes | ${reindex.seconds.toFixed(1)} s | ${reindex.result.materials} documents | ${mib(reindex.peak)} MiB (+${mib(reindex.growth)}) |`,
);
log(`\n${os.cpus().length} cores, ${mib(os.totalmem())} MiB, Node ${process.version}`);

for (const uid of Object.values(search.names)) await search.client.deleteIndex(uid).catch(() => {});
await target.close();
await orm.close();
await services.stop();
fs.rmSync(archive, { force: true });
