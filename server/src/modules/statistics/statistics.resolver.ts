import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import { type Report, type ReportContext, REPORTS } from './report-definitions.ts';
import { PARAMETERS, PeriodInput } from './report-parameters.ts';
import { StatisticsService } from './statistics.service.ts';
import { UsageReport } from './statistics.types.ts';

const reportContext = ({ em, viewer, usage }: Context): ReportContext => ({ em, viewer, timeZone: usage?.timeZone ?? DEFAULT_TIME_ZONE });

/** Statistics and reports for methodists and admins (rule `reports.view`). */
@Resolver()
export class StatisticsResolver {
  @Query(() => UsageReport, { description: 'Статистика использования за период: открытия, скачивания, поиск' })
  usageReport(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('first', () => Int, { defaultValue: 10, description: 'Сколько строк в списках «самое используемое», до 100' }) first: number,
    @Ctx() ctx: Context,
  ) {
    const { em, viewer, timeZone } = reportContext(ctx);
    return new StatisticsService(em, viewer, timeZone).usage(period, first);
  }
}

/** Each report's own query, made from its definition: its arguments in order, then the request's context. */
function addReportQuery(report: Report, query: NonNullable<Report['query']>) {
  const prototype = StatisticsResolver.prototype as unknown as Record<string, unknown>;
  prototype[query.name] = async (...args: unknown[]) => {
    const params = Object.fromEntries(report.params.map((name, i) => [name, args[i]]));
    const rows = await report.rows(reportContext(args[report.params.length] as Context), params as never);
    return query.single ? rows[0] : rows;
  };
  const descriptor = Object.getOwnPropertyDescriptor(prototype, query.name)!;
  Query(() => (query.single ? report.type : [report.type]), { description: query.description })(prototype, query.name, descriptor);
  report.params.forEach((name, i) => {
    const { type, defaultValue } = PARAMETERS[name];
    Arg(name, type, defaultValue === undefined ? {} : { defaultValue })(prototype, query.name, i);
  });
  Ctx()(prototype, query.name, report.params.length);
}

for (const report of REPORTS) if (report.query) addReportQuery(report, report.query);
