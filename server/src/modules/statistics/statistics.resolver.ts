import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import { ReportsService } from './reports.service.ts';
import { StatisticsService } from './statistics.service.ts';
import { AuthorsActivityRow, CoverageGap, MaterialsReportRow, PeriodInput, ReportDimension, ReviewTurnaround, UsageReport } from './statistics.types.ts';

const reports = ({ em, viewer, usage }: Context) => new ReportsService(em, viewer, usage?.timeZone ?? DEFAULT_TIME_ZONE);

/** Statistics and reports for methodists and admins (rule `reports.view`). */
@Resolver()
export class StatisticsResolver {
  @Query(() => UsageReport, { description: 'Статистика использования за период: открытия, скачивания, поиск' })
  usageReport(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('first', () => Int, { defaultValue: 10, description: 'Сколько строк в списках «самое используемое», до 100' }) first: number,
    @Ctx() { em, viewer, usage }: Context,
  ) {
    return new StatisticsService(em, viewer, usage?.timeZone ?? DEFAULT_TIME_ZONE).usage(period, first);
  }

  @Query(() => [MaterialsReportRow], { description: 'Материалы, созданные за период, по организациям, предметам, уровням или видам и состояниям' })
  materialsReport(@Arg('period', () => PeriodInput) period: PeriodInput, @Arg('by', () => ReportDimension) by: ReportDimension, @Ctx() ctx: Context) {
    return reports(ctx).materials(period, by);
  }

  @Query(() => [AuthorsActivityRow], { description: 'Активность авторов по организациям за период; молодые специалисты отдельно' })
  authorsActivity(@Arg('period', () => PeriodInput) period: PeriodInput, @Ctx() ctx: Context) {
    return reports(ctx).authorsActivity(period);
  }

  @Query(() => ReviewTurnaround, { description: 'Сроки экспертизы материалов, опубликованных за период' })
  reviewTurnaround(@Arg('period', () => PeriodInput) period: PeriodInput, @Ctx() ctx: Context) {
    return reports(ctx).reviewTurnaround(period);
  }

  @Query(() => [CoverageGap], { description: 'Пробелы банка: пары «предмет × уровень», где опубликовано меньше below материалов' })
  coverageGaps(@Arg('below', () => Int, { defaultValue: 3 }) below: number, @Ctx() ctx: Context) {
    return reports(ctx).gaps(below);
  }
}
