/** Shared pieces of the benchmarks: a throwaway installation, a corpus generator, percentiles. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { fromGlobalId } from '../server/src/common/global-id.ts';
import { createLogger } from '../server/src/common/logger.ts';
import { createFilesDeps, filesConfig } from '../server/src/modules/files/files-config.ts';
import { createMeiliClient, ensureIndexes, indexNames, stems } from '@metod-kb/search';
import { engineSettings } from '../server/src/modules/search/engine-settings.ts';
import { FACET_FIELDS } from '../server/src/modules/search/facets.ts';
import type { SearchDeps } from '../server/src/modules/search/search.service.ts';
import { type Config, loadConfig } from '../server/src/config.ts';
import { migrate, openOrm } from '../server/src/db/orm.ts';
import { freePort } from '../server/src/runtime/process.ts';
import { startServer } from '../server/src/server.ts';
import { startServices } from '../server/src/runtime/services.ts';
import * as texts from '../server/src/seeders/data/texts.ts';
import { TOPICS } from '../server/src/seeders/data/topics.ts';
import { seedDemo } from '../server/src/seeders/demo.seeder.ts';

/** Twenty typical teacher queries, a typo and the empty query among them. */
export const QUERIES = [
  'функциональная грамотность',
  'конспект урока математика',
  'рабочая программа',
  'ОВЗ',
  'ФГОС ООО',
  'проектная деятельность',
  'подготовка к ОГЭ',
  'сценарий мероприятия',
  'читательская грамотность',
  'дошкольное образование',
  'матиматика',
  'наставничество молодых специалистов',
  'экологическое воспитание',
  'КИМ биология',
  'исследовательская деятельность',
  'инклюзивное образование',
  'Капитанская дочка',
  'краеведение',
  'робототехника',
  '',
];

/** The search the benchmarks time: what a result list shows, with highlights and facet labels. */
export const SEARCH_OPERATION =
  'query($q: String) { search(query: $q, first: 20) { totalCount hits { material { id title } highlights { field fragment } } facets { name values { label count } } } }';

/** The same search straight to Meilisearch: the stems the server sends, the facets, 20 ids. */
export const rawSearch = (search: SearchDeps, q: string) =>
  search.client
    .index(search.names.materials)
    .search(stems(q).join(' '), { facets: [...FACET_FIELDS], limit: 20, attributesToRetrieve: ['id'] });

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? dirSize(full) : fs.statSync(full).size);
  }, 0);
}

/**
 * An installation under bench/.data: services and a migrated database with the demo corpus;
 * with `reuse`, the corpus a previous run left there.
 */
export async function benchInstallation({ reuse = false } = {}) {
  const dataDir = path.resolve('bench/.data');
  if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const services = await startServices(config, { reuseRunning: false, record: false });
  const orm = await openOrm({ databaseUrl: services.databaseUrl, poolMax: 20 });
  await migrate(orm);
  if (!reuse) await seedDemo(orm.em.fork());
  // This build's index settings, as `npm start` applies them: a kept corpus may have been indexed by an older one.
  await ensureIndexes(createMeiliClient(services.meili), indexNames(config.meiliIndexPrefix), await engineSettings(orm.em.fork() as never));
  return { config, services, orm, dataDir };
}

/** A deterministic source of choices, so that runs compare. */
export function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/**
 * Inserts `count` published materials with realistic Russian titles and bodies (the demo
 * corpus's sentence generators over the topic table), their subjects, levels and authors.
 */
export async function generateMaterials(databaseUrl: string, count: number, onProgress: (done: number) => void) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const ids = async (sql: string) => (await client.query(sql)).rows.map((r) => r.id as string);
  const subjects = new Map((await client.query('select id, name from subject')).rows.map((r) => [r.name as string, r.id as string]));
  const levels = new Map((await client.query('select id, code from education_level')).rows.map((r) => [r.code as string, r.id as string]));
  const people = await ids('select id from person');
  const organizations = await ids('select id from organization');
  const rnd = random(42);
  const kinds = ['BEST_PRACTICE', 'METHODOLOGICAL_MATERIAL', 'METHODOLOGICAL_MATERIAL', 'PUBLICATION'];
  const patterns = [
    'Конспект урока «%»',
    'Рабочая программа: %',
    'Методические рекомендации по теме «%»',
    'КИМ по теме «%»',
    '%: из опыта работы',
    'Сценарий мероприятия «%»',
    'Практика «%» в сельской школе',
  ];
  const BATCH = 1000;
  for (let done = 0; done < count; done += BATCH) {
    const rows: unknown[][] = [];
    const links: Array<[string, string, string, string]> = [];
    for (let i = 0; i < Math.min(BATCH, count - done); i++) {
      const set = rnd.pick(TOPICS);
      const topic = rnd.pick([...set.lessons, ...set.practices]).split('|')[0]!;
      const grades = set.grades.length ? [rnd.pick(set.grades)] : [];
      const context: texts.TextContext = { subject: set.subject, topic, grades, level: set.level, organization: 'школа', pick: rnd.pick };
      const body =
        rnd.next() < 0.5
          ? texts.practiceBody(context, texts.practiceSections(context))
          : texts.lessonPlanBody(context) + '\n\n' + texts.recommendationsBody(context);
      const id = randomUUID();
      const published = new Date(Date.UTC(2020, 0, 1) + rnd.next() * 6 * 365 * 86_400_000);
      rows.push([
        id,
        rnd.pick(kinds),
        `bench-${done + i}`,
        rnd.pick(patterns).replace('%', topic),
        texts.publicationBody(context),
        body,
        `{${grades.join(',')}}`,
        published,
        Math.floor(rnd.next() * 1000),
        Math.floor(rnd.next() * 300),
        rnd.pick(organizations),
      ]);
      links.push([id, subjects.get(set.subject)!, levels.get(set.level)!, rnd.pick(people)]);
    }
    const values = rows.map((r, i) => `(${r.map((_, j) => `$${i * r.length + j + 1}`).join(',')}, 'PUBLISHED')`).join(',');
    await client.query('begin');
    await client.query(
      `insert into material (id, kind, external_id, title, summary, body, grades, published_at, view_count, download_count, organization_id, status) values ${values}`,
      rows.flat(),
    );
    const pivot = async (table: string, column: string, at: 1 | 2 | 3, extra = '') =>
      client.query(
        `insert into ${table} (material_id, ${column}${extra ? ', position' : ''}) values ${links.map((_, i) => `($${2 * i + 1}, $${2 * i + 2}${extra})`).join(',')}`,
        links.flatMap((l) => [l[0], l[at]]),
      );
    await pivot('material_subject', 'subject_id', 1);
    await pivot('material_level', 'education_level_id', 2);
    await pivot('material_author', 'person_id', 3, ', 0');
    await client.query('commit');
    onProgress(Math.min(count, done + BATCH));
  }
  const [{ bytes }] = (
    await client.query(
      `select sum(octet_length(row_to_json(r)::text))::bigint as bytes from (select id, kind, title, summary, body, grades, published_at, view_count, download_count, organization_id from material) r`,
    )
  ).rows;
  await client.end();
  return { rawJsonBytes: Number(bytes) };
}

/**
 * The demo corpus's files are processed in the background after start (text, thumbnails): wait
 * until that work and the search backlog are done, so the measurement is not of a busy CPU.
 */
async function settled(url: string) {
  for (let i = 0; i < 600; i++) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const pending = gauge('kb_files_processing_pending') + gauge('kb_search_outbox_pending') + gauge('kb_imports_pending');
    if (pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('background work did not finish within 5 minutes');
}

/** The production server with the demo corpus on a throwaway data directory, its background work done. */
export async function startDemoServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-client-bench-'));
  // Production requires PUBLIC_URL: the port is chosen first so that links name it.
  const port = await freePort();
  const server = await startServer(
    loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    }),
  );
  await settled(server.url);
  return {
    url: server.url,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The reading pages the client's benchmarks measure: the home page, a search and a best practice's page. */
export async function readingPages(url: string): Promise<Array<[string, string]>> {
  const answer = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ materials(first: 1, filter: { kinds: [BEST_PRACTICE] }) { nodes { id } } }' }),
  }).then((r) => r.json() as Promise<{ data: { materials: { nodes: Array<{ id: string }> } } }>);
  return [
    ['home', '/'],
    ['search', `/?q=${encodeURIComponent('функциональная грамотность')}`],
    ['material', `/materials/${answer.data.materials.nodes[0]!.id}`],
  ];
}

/** The page of 50 materials with authors, organization and subjects the suite compares with hand-written SQL. */
export const PAGE_OF_50 =
  'query($after: String) { materials(first: 50, after: $after) { nodes { id title kind publishedAt authors { fullName } organization { name } subjects { name } } pageInfo { endCursor } } }';

// The same page by hand: one statement, authors in order, subjects by position.
export const PAGE_OF_50_SQL = `
  select m.id, m.title, m.kind, m.published_at, o.name as organization,
    (select coalesce(json_agg(p.full_name order by ma.position), '[]') from material_author ma join person p on p.id = ma.person_id where ma.material_id = m.id) as authors,
    (select coalesce(json_agg(s.name order by s.position), '[]') from material_subject ms join subject s on s.id = ms.subject_id where ms.material_id = m.id) as subjects
  from material m left join organization o on o.id = m.organization_id
  where m.status = 'PUBLISHED' order by m.published_at desc, m.id limit 50`;

/**
 * The same page from PostGraphile 5 (amber preset) over the product's database: the suite's peer.
 * Its `id` is PostGraphile's opaque node id, as ours is ours. Authors come in order through a smart
 * tag (bench/postgraphile.mjs); subjects cannot be ordered by the subject's position through the
 * pivot, so they are compared as a set.
 */
export const PAGE_OF_50_POSTGRAPHILE =
  '{ allMaterials(condition: { status: PUBLISHED }, orderBy: [PUBLISHED_AT_DESC, ROW_ID_ASC], first: 50) { nodes { id title kind publishedAt organizationByOrganizationId { name } materialAuthorsByMaterialId(orderBy: POSITION_ASC) { nodes { personByPersonId { fullName } } } materialSubjectsByMaterialId { nodes { subjectBySubjectId { name } } } } pageInfo { endCursor } } }';

/** One material of the page as every side's answer reads, so that the suite can check they are the same page. */
export interface PageRow {
  id: string;
  title: string;
  kind: string;
  publishedAt: number;
  organization: string | null;
  authors: string[];
  /** Sorted by name: PostGraphile cannot order them by the subject's position through the pivot. */
  subjects: string[];
}

const pageRow = ({ publishedAt, subjects, ...row }: Omit<PageRow, 'publishedAt'> & { publishedAt: string | Date }): PageRow => ({
  ...row,
  publishedAt: new Date(publishedAt).getTime(),
  subjects: [...subjects].sort(),
});

/** The page of 50 as read from PAGE_OF_50_SQL's rows, PAGE_OF_50's answer and PAGE_OF_50_POSTGRAPHILE's answer. */
export const pageRows = {
  sql: (rows: any[]): PageRow[] =>
    rows.map((m) =>
      pageRow({
        id: m.id,
        title: m.title,
        kind: m.kind,
        publishedAt: m.published_at,
        organization: m.organization,
        authors: m.authors,
        subjects: m.subjects,
      }),
    ),
  ours: (answer: any): PageRow[] =>
    answer.data.materials.nodes.map((m: any) =>
      pageRow({
        id: fromGlobalId(m.id, 'id').id,
        title: m.title,
        kind: m.kind,
        publishedAt: m.publishedAt,
        organization: m.organization?.name ?? null,
        authors: m.authors.map((a: any) => a.fullName),
        subjects: m.subjects.map((s: any) => s.name),
      }),
    ),
  postgraphile: (answer: any): PageRow[] =>
    answer.data.allMaterials.nodes.map((m: any) =>
      pageRow({
        // PostGraphile's node id is base64 of `["Material", uuid]`.
        id: JSON.parse(Buffer.from(m.id, 'base64').toString())[1],
        title: m.title,
        kind: m.kind,
        publishedAt: m.publishedAt,
        organization: m.organizationByOrganizationId?.name ?? null,
        authors: m.materialAuthorsByMaterialId.nodes.map((a: any) => a.personByPersonId.fullName),
        subjects: m.materialSubjectsByMaterialId.nodes.map((s: any) => s.subjectBySubjectId.name),
      }),
    ),
};

/**
 * The product's app in production mode over a bench installation, on a free loopback port. The
 * benches load it from one address, so the per-IP limits are lifted: they would measure themselves.
 */
export async function serveBenchApp(config: Config, orm: MikroORM, search: SearchDeps) {
  let base = '';
  const app = await buildApp({
    publicUrl: () => base,
    orm,
    search,
    files: createFilesDeps(orm, filesConfig(config), createLogger('warn')),
    logger: createLogger('warn'),
    production: true,
    ipLimits: { any: 1e9, search: 1e9, login: 1e9, mail: 1e9 },
  });
  const server = http.createServer(app.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, server, base };
}
