import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from '../../common/logger.ts';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of an instant in the district's time zone: a day of statistics is the district's day. */
export function districtDay(at: Date, timeZone: string): string {
  // Building a formatter costs far more than using one, and every view and search asks.
  let format = dayFormats.get(timeZone);
  if (!format)
    dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(at);
}

/** What a search is counted under: case, ё/е and spaces do not make another query. */
export function normalizeQuery(query: string): string {
  return query.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim().slice(0, 200);
}

const add = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * Usage, counted without personal data (no addresses, no accounts: material, file, query and day)
 * and without slowing reads: views, downloads and searches are added up in memory and written in
 * one transaction every few seconds — the running totals on materials and files (with outbox rows,
 * so "most viewed/downloaded" in search follows), and per-day rows for reports. A failure to write
 * is logged; the reading or download that was counted has long been answered.
 */
export class UsageRecorder {
  private downloads = new Map<string, number>(); // fileId|materialId|day
  private views = new Map<string, number>(); // materialId|day
  private searches = new Map<string, number>(); // day|query
  private misses = new Map<string, number>(); // day|query, searches that found nothing
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    readonly timeZone: string,
    private readonly intervalMs = 5000,
  ) {}

  download(fileId: string, materialId: string | undefined, at = new Date()): void {
    this.count(this.downloads, `${fileId}|${materialId ?? ''}|${districtDay(at, this.timeZone)}`);
  }

  view(materialId: string, at = new Date()): void {
    this.count(this.views, `${materialId}|${districtDay(at, this.timeZone)}`);
  }

  search(query: string, found: number, at = new Date()): void {
    const text = normalizeQuery(query);
    if (!text) return;
    const key = `${districtDay(at, this.timeZone)}|${text}`;
    this.count(this.searches, key);
    if (found === 0) add(this.misses, key);
  }

  private count(map: Map<string, number>, key: string) {
    add(map, key);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs).unref();
  }

  /** Writes what was counted; tests and shutdown call it directly. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = { downloads: this.downloads, views: this.views, searches: this.searches, misses: this.misses };
    this.downloads = new Map();
    this.views = new Map();
    this.searches = new Map();
    this.misses = new Map();
    if (![...Object.values(batch)].some((m) => m.size)) return this.flushing;
    this.flushing = this.flushing
      .then(() => this.write(batch))
      .catch((error) =>
        this.logger.warn('usage statistics not written', {
          error: String(error),
          downloads: batch.downloads.size,
          views: batch.views.size,
          searches: batch.searches.size,
        }),
      );
    return this.flushing;
  }

  private async write({ downloads, views, searches, misses }: Record<'downloads' | 'views' | 'searches' | 'misses', Map<string, number>>) {
    const fileTotals = new Map<string, number>();
    const fileDays = new Map<string, number>();
    const materialDays = new Map<string, { views: number; downloads: number }>();
    const perMaterialDay = (materialId: string, day: string) => {
      const key = `${materialId}|${day}`;
      const row = materialDays.get(key) ?? { views: 0, downloads: 0 };
      materialDays.set(key, row);
      return row;
    };
    for (const [key, n] of downloads) {
      const [fileId, materialId, day] = key.split('|') as [string, string, string];
      add(fileTotals, fileId, n);
      add(fileDays, `${fileId}|${day}`, n);
      if (materialId) perMaterialDay(materialId, day).downloads += n;
    }
    for (const [key, n] of views) {
      const [materialId, day] = key.split('|') as [string, string];
      perMaterialDay(materialId, day).views += n;
    }
    const materialRows = [...materialDays].map(([key, counts]) => ({ id: key.split('|')[0], day: key.split('|')[1], ...counts }));
    const connection = this.orm.em.getConnection();
    await connection.transactional(async (tx) => {
      const run = (sql: string, rows: unknown[]) => (rows.length ? connection.execute(sql, [json(rows)], 'run', tx) : undefined);
      await run(
        `update media_file t set download_count = t.download_count + v.n from json_to_recordset(?::json) as v(id uuid, n int) where t.id = v.id`,
        [...fileTotals].map(([id, n]) => ({ id, n })),
      );
      await run(
        `insert into file_usage_daily (file_id, day, downloads) select v.id, v.day, v.n from json_to_recordset(?::json) as v(id uuid, day date, n int)
         where exists (select 1 from media_file f where f.id = v.id)
         on conflict (file_id, day) do update set downloads = file_usage_daily.downloads + excluded.downloads`,
        [...fileDays].map(([key, n]) => ({ id: key.split('|')[0], day: key.split('|')[1], n })),
      );
      await run(
        `update material t set view_count = t.view_count + v.views, download_count = t.download_count + v.downloads
         from (select id, sum(views) as views, sum(downloads) as downloads from json_to_recordset(?::json) as r(id uuid, views int, downloads int) group by id) v where t.id = v.id`,
        materialRows,
      );
      await run(
        `insert into material_usage_daily (material_id, day, views, downloads) select v.id, v.day, v.views, v.downloads from json_to_recordset(?::json) as v(id uuid, day date, views int, downloads int)
         where exists (select 1 from material m where m.id = v.id)
         on conflict (material_id, day) do update set views = material_usage_daily.views + excluded.views, downloads = material_usage_daily.downloads + excluded.downloads`,
        materialRows,
      );
      await run(
        `insert into search_outbox (kind, entity_id) select distinct 'Material', v.id from json_to_recordset(?::json) as v(id uuid)`,
        [...new Set(materialRows.map((r) => r.id))].map((id) => ({ id })),
      );
      await run(
        `insert into search_query_daily (day, query, searches, zero_results) select v.day, v.query, v.n, v.zero from json_to_recordset(?::json) as v(day date, query text, n int, zero int)
         on conflict (day, query) do update set searches = search_query_daily.searches + excluded.searches, zero_results = search_query_daily.zero_results + excluded.zero_results`,
        [...searches].map(([key, n]) => ({ day: key.slice(0, 10), query: key.slice(11), n, zero: misses.get(key) ?? 0 })),
      );
    });
  }
}
