import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../common/errors.ts';
import { isIsoDay } from '../../common/iso-dates.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { Material } from '../materials/material.entity.ts';
import type { DailyUsage, SearchQueryUsage } from './report-definitions.ts';
import type { PeriodInput } from './report-parameters.ts';
import type { MaterialUsage, UsageReport } from './statistics.types.ts';

const MAX_DAYS = 366 * 5;

/** A checked period: both days exist, `from` is not after `to`, and it is not absurdly long. */
export function checkPeriod({ from, to }: PeriodInput): { from: string; to: string } {
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isIsoDay(day)) throw badInput(`period.${name}`, `такого дня нет: ${day} (нужен ГГГГ-ММ-ДД)`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0)) throw badInput('period', `начало ${from} позже конца ${to}`);
  if (days > MAX_DAYS) throw badInput('period', `не длиннее пяти лет (${MAX_DAYS} дней)`);
  return { from, to };
}

/** Reports for methodists: read from the per-day tables that `UsageRecorder` writes. */
export class StatisticsService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
    private readonly timeZone: string,
  ) {}

  async usage(period: PeriodInput, first: number): Promise<UsageReport> {
    authorize(this.viewer, 'reports.view');
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first', 'от 1 до 100');
    const { from, to } = checkPeriod(period);
    const connection = this.em.getConnection();
    const [daily, top, queries, misses, [totals]] = await Promise.all([
      // Each table summed by day once, then laid over every day of the period (days without use are zeros).
      connection.execute<Array<{ day: string; views: number; downloads: number; searches: number }>>(
        `with v as (select day, sum(views) as n from material_usage_daily where day between ?::date and ?::date group by day),
              d as (select day, sum(downloads) as n from file_usage_daily where day between ?::date and ?::date group by day),
              s as (select day, sum(searches) as n from search_query_daily where day between ?::date and ?::date group by day)
         select to_char(g, 'YYYY-MM-DD') as day, coalesce(v.n, 0)::int as views, coalesce(d.n, 0)::int as downloads, coalesce(s.n, 0)::int as searches
         from generate_series(?::date, ?::date, interval '1 day') as g
         left join v on v.day = g::date left join d on d.day = g::date left join s on s.day = g::date
         order by g`,
        [from, to, from, to, from, to, from, to],
      ),
      connection.execute<Array<{ material_id: string; views: number; downloads: number }>>(
        `select material_id, sum(views)::int as views, sum(downloads)::int as downloads from material_usage_daily
         where day between ? and ? group by material_id order by sum(views) + sum(downloads) desc, material_id limit ?`,
        [from, to, first],
      ),
      this.searchQueries(period, first, 'searches'),
      this.searchQueries(period, first, 'zero_results'),
      connection.execute<Array<{ zero: number }>>(
        `select coalesce(sum(zero_results), 0)::int as zero from search_query_daily where day between ? and ?`,
        [from, to],
      ),
    ]);
    const materials = new Map((await this.em.find(Material, { id: { $in: top.map((r) => r.material_id) } })).map((m) => [m.id, m]));
    const sum = (key: keyof Omit<DailyUsage, 'day'>) => daily.reduce((total, d) => total + d[key], 0);
    return {
      from,
      to,
      timeZone: this.timeZone,
      views: sum('views'),
      downloads: sum('downloads'),
      searches: sum('searches'),
      zeroResultSearches: totals?.zero ?? 0,
      daily,
      topMaterials: top.flatMap((r): MaterialUsage[] =>
        materials.has(r.material_id) ? [{ material: materials.get(r.material_id)!, views: r.views, downloads: r.downloads }] : [],
      ),
      topQueries: queries,
      zeroResultQueries: misses,
    };
  }

  /** The most frequent queries of the period, by how often they were asked or how often they found nothing. */
  searchQueries(period: PeriodInput, first: number, by: 'searches' | 'zero_results'): Promise<SearchQueryUsage[]> {
    authorize(this.viewer, 'reports.view');
    const { from, to } = checkPeriod(period);
    return this.em.getConnection().execute<SearchQueryUsage[]>(
      `select query, sum(searches)::int as searches, sum(zero_results)::int as "zeroResults" from search_query_daily
       where day between ? and ? group by query having sum(${by}) > 0 order by sum(${by}) desc, query limit ?`,
      [from, to, first],
    );
  }
}
