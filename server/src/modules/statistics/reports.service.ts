import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../common/errors.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { KIND_LABELS, MaterialKind } from '../materials/material.enums.ts';
import { YOUNG_SPECIALIST_YEARS } from '../people/person.entity.ts';
import { checkPeriod } from './statistics.service.ts';
import type { AuthorsActivityRow, CoverageGap, MaterialsReportRow, ReviewTurnaround } from './report-definitions.ts';
import { type PeriodInput, ReportDimension } from './report-parameters.ts';

const ORGANIZATION_LABEL = `coalesce(nullif(o.short_name, ''), o.name, 'Без организации')`;

/** Which rows a dimension groups by: an expression for the key and its label, and the joins it needs. */
const DIMENSIONS: Record<ReportDimension, { label: string; joins: string }> = {
  // The short name where there is one: «ИМЦ Северо-Енисейского района», not its whole legal name.
  ORGANIZATION: { label: ORGANIZATION_LABEL, joins: 'left join organization o on o.id = m.organization_id' },
  SUBJECT: {
    label: `coalesce(s.name, 'Без предмета')`,
    joins: 'left join material_subject ms on ms.material_id = m.id left join subject s on s.id = ms.subject_id',
  },
  LEVEL: {
    label: `coalesce(l.code, 'Без уровня')`,
    joins: 'left join material_level ml on ml.material_id = m.id left join education_level l on l.id = ml.education_level_id',
  },
  KIND: { label: 'm.kind::text', joins: '' },
};

/**
 * The centre's analytical reports over a period of district days: what was written and by whom,
 * how long expert review takes, where the bank is thin. Methodists and admins only.
 */
export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
    private readonly timeZone: string,
  ) {}

  private begin(period: PeriodInput) {
    authorize(this.viewer, 'reports.view');
    return checkPeriod(period);
  }

  /** Materials created in the period, by organization, subject, level or kind, counted per state. */
  async materials(period: PeriodInput, by: ReportDimension): Promise<MaterialsReportRow[]> {
    const { from, to } = this.begin(period);
    const { label, joins } = DIMENSIONS[by];
    const rows = await this.em.getConnection().execute<MaterialsReportRow[]>(
      `select ${label} as label, count(distinct m.id)::int as total,
         count(distinct m.id) filter (where m.status = 'DRAFT')::int as draft,
         count(distinct m.id) filter (where m.status = 'IN_REVIEW')::int as "inReview",
         count(distinct m.id) filter (where m.status = 'PUBLISHED')::int as published,
         count(distinct m.id) filter (where m.status = 'REJECTED')::int as rejected,
         count(distinct m.id) filter (where m.status = 'ARCHIVED')::int as archived
       from material m ${joins}
       where (m.created_at at time zone ?)::date between ? and ?
       group by 1 order by 2 desc, 1`,
      [this.timeZone, from, to],
    );
    if (by !== ReportDimension.KIND) return rows;
    return rows
      .map((r) => ({ ...r, label: KIND_LABELS[r.label as MaterialKind] ?? r.label }))
      .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'ru'));
  }

  /** Per organization of the authors: who wrote in the period, how much, how much got published; young specialists apart. */
  async authorsActivity(period: PeriodInput): Promise<AuthorsActivityRow[]> {
    const { from, to } = this.begin(period);
    return this.em.getConnection().execute<AuthorsActivityRow[]>(
      `select ${ORGANIZATION_LABEL} as organization,
         count(distinct p.id)::int as authors, count(distinct m.id)::int as materials,
         count(distinct m.id) filter (where m.status = 'PUBLISHED')::int as published,
         count(distinct p.id) filter (where p.experience_years < ?)::int as "youngAuthors",
         count(distinct m.id) filter (where p.experience_years < ?)::int as "youngMaterials"
       from material m join material_author ma on ma.material_id = m.id join person p on p.id = ma.person_id
       left join organization o on o.id = p.organization_id
       where (m.created_at at time zone ?)::date between ? and ?
       group by 1 order by 3 desc, 1`,
      [YOUNG_SPECIALIST_YEARS, YOUNG_SPECIALIST_YEARS, this.timeZone, from, to],
    );
  }

  /** For materials published in the period: days from the last submission before publication to publication. */
  async reviewTurnaround(period: PeriodInput): Promise<ReviewTurnaround> {
    const { from, to } = this.begin(period);
    const [row] = await this.em.getConnection().execute<Array<{ published: number; median: number | null; p90: number | null }>>(
      `with published as (
         select r.material_id, r.created_at as published_at,
           (select max(s.created_at) from material_revision s where s.material_id = r.material_id and s.action = 'submitted' and s.created_at <= r.created_at) as submitted_at
         from material_revision r
         where r.action = 'published' and (r.created_at at time zone ?)::date between ? and ?
       )
       select count(*)::int as published,
         percentile_cont(0.5) within group (order by extract(epoch from published_at - submitted_at) / 86400) as median,
         percentile_cont(0.9) within group (order by extract(epoch from published_at - submitted_at) / 86400) as p90
       from published where submitted_at is not null`,
      [this.timeZone, from, to],
    );
    // Hundredths of a day (a quarter of an hour): short reviews still show.
    const round = (days: number | null | undefined) => (days === null || days === undefined ? null : Math.round(Number(days) * 100) / 100);
    return { published: row?.published ?? 0, medianDays: round(row?.median), p90Days: round(row?.p90) };
  }

  /**
   * Subject × level pairs with fewer than `below` published materials, thinnest first: only the
   * levels each subject is taught at (the subjects dictionary says which), none of retired entries.
   */
  async gaps(below: number): Promise<CoverageGap[]> {
    authorize(this.viewer, 'reports.view');
    if (!Number.isInteger(below) || below < 1 || below > 10_000) throw badInput('below', 'целое число от 1 до 10000');
    return this.em.getConnection().execute<CoverageGap[]>(
      `select s.name as subject, l.code as level, l.name as "levelName", count(distinct m.id)::int as published
       from subject s join subject_level sl on sl.subject_id = s.id join education_level l on l.id = sl.education_level_id
       left join material_subject ms on ms.subject_id = s.id
       left join material_level ml on ml.material_id = ms.material_id and ml.education_level_id = l.id
       left join material m on m.id = ml.material_id and m.status = 'PUBLISHED'
       where s.retired_at is null and l.retired_at is null
       group by s.name, s.position, l.code, l.name, l.position
       having count(distinct m.id) < ?
       order by 4, s.position, s.name, l.position`,
      [below],
    );
  }
}
