/**
 * Import benchmark: a bank of N materials in JSON Lines (realistic Russian texts, authors and
 * schools of the demo district, some new people), imported as `npm run kb -- import` does.
 * Prints materials per second and the process's peak RSS for each size, so that memory can be
 * compared as the file grows.
 *   npm run bench:import [-- --sizes 10000,100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EducationLevel, Subject } from '../server/src/modules/dictionaries/dictionary.entity.ts';
import { filesConfig } from '../server/src/modules/files/files-config.ts';
import { ImportService } from '../server/src/modules/interop/import.service.ts';
import { readImportFile } from '../server/src/modules/interop/rows.ts';
import { Organization } from '../server/src/modules/organizations/organization.entity.ts';
import { Person } from '../server/src/modules/people/person.entity.ts';
import * as texts from '../server/src/seeders/data/texts.ts';
import { TOPICS } from '../server/src/seeders/data/topics.ts';
import { benchInstallation, random } from './lib.ts';

const sizesArg = process.argv.indexOf('--sizes');
const SIZES = (sizesArg > 0 ? process.argv[sizesArg + 1]! : '10000,100000').split(',').map(Number);
const log = (line: string) => console.log(line);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const { config, services, orm } = await benchInstallation();
const em = orm.em.fork();
const subjects = new Map((await em.find(Subject, {})).map((s) => [s.name, s.name]));
const levels = (await em.find(EducationLevel, {})).map((l) => l.code);
const people = (await em.find(Person, {})).map((p) => p.fullName);
const organizations = (await em.find(Organization, {})).map((o) => o.name);
const SURNAMES = ['Смирнова', 'Кузнецова', 'Попова', 'Васильева', 'Петрова', 'Соколова', 'Михайлова', 'Новикова', 'Фёдорова', 'Морозова'];
const NAMES = ['Анна', 'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Мария'];
const PATRONYMICS = ['Ивановна', 'Петровна', 'Сергеевна', 'Александровна', 'Викторовна', 'Николаевна'];
const patterns = [
  'Конспект урока «%»',
  'Рабочая программа: %',
  'Методические рекомендации по теме «%»',
  'КИМ по теме «%»',
  '%: из опыта работы',
  'Сценарий мероприятия «%»',
];

/** Writes `count` lines; every tenth author is someone the district does not know yet. */
function writeBank(file: string, count: number, run: number) {
  const rnd = random(7 + run);
  const out = fs.openSync(file, 'w');
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const set = rnd.pick(TOPICS);
    const topic = rnd.pick([...set.lessons, ...set.practices]).split('|')[0]!;
    const grades = set.grades.length ? [rnd.pick(set.grades)] : [];
    const context: texts.TextContext = { subject: set.subject, topic, grades, level: set.level, organization: 'школа', pick: rnd.pick };
    const kind = rnd.pick(['BEST_PRACTICE', 'METHODOLOGICAL_MATERIAL', 'METHODOLOGICAL_MATERIAL', 'PUBLICATION']);
    const author = rnd.next() < 0.1 ? `${rnd.pick(SURNAMES)} ${rnd.pick(NAMES)} ${rnd.pick(PATRONYMICS)}` : rnd.pick(people);
    const line = JSON.stringify({
      externalId: `bank-${run}-${i}`,
      kind,
      title: rnd.pick(patterns).replace('%', topic),
      summary: texts.publicationBody(context),
      body: kind === 'BEST_PRACTICE' ? texts.practiceBody(context, texts.practiceSections(context)) : texts.lessonPlanBody(context),
      subjects: subjects.has(set.subject) ? [set.subject] : [],
      levels: levels.includes(set.level) ? [set.level] : [],
      grades,
      keywords: [topic.toLowerCase().slice(0, 40), set.subject.toLowerCase()],
      authors: [{ fullName: author }],
      organization: { name: rnd.pick(organizations) },
      publishedAt: new Date(Date.UTC(2020, 0, 1) + rnd.next() * 6 * 365 * 86_400_000).toISOString().slice(0, 10),
    });
    bytes += fs.writeSync(out, line + '\n');
  }
  fs.closeSync(out);
  return bytes;
}

const results: string[] = [];
for (const [run, size] of SIZES.entries()) {
  const file = path.join(os.tmpdir(), `kb-bench-import-${size}.jsonl`);
  const bytes = writeBank(file, size, run);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const service = new ImportService(orm, filesConfig(config), { dryRun: false, baseDir: path.dirname(file) });
  let lastShown = 0;
  const summary = await service.run(await readImportFile(file), (done, total) => {
    if (done - lastShown >= 10_000 || done === total) {
      lastShown = done;
      log(`  ${done}/${total ?? '?'} — ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${mib(process.memoryUsage().rss)} MiB`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  fs.rmSync(file);
  const line = `| ${size.toLocaleString('en')} | ${mib(bytes)} MiB | ${seconds.toFixed(1)} s | ${(size / seconds).toFixed(0)} | ${mib(peak)} MiB (+${mib(peak - baseline)}) | ${summary.created}/${summary.failed} |`;
  log(line);
  results.push(line);
}
log('\n| materials | file | time | materials/s | peak RSS (growth) | created/failed |\n|---|---|---|---|---|---|');
results.forEach((line) => log(line));
log(`\n${os.cpus().length} cores, ${mib(os.totalmem())} MiB, Node ${process.version}`);
await orm.close();
await services.stop();
