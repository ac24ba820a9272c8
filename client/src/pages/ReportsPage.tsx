import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { t } from '../app/i18n.ts';
import { reports } from '../app/texts/reports.ts';
import { navigate, useLocation } from '../app/router.tsx';
import type { ReportsPageQueryQuery, ReportsPageQueryQueryVariables, ViewerQueryQuery } from '../gql/graphql.ts';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { SignInFirst } from '../components/SignInFirst.tsx';
import { localDay } from '../app/format.ts';
import { ReportDownloads } from '../components/ReportDownloads.tsx';

const REPORTS_QUERY = gql`
  query ReportsPageQuery($period: PeriodInput!, $by: ReportDimension!) {
    usageReport(period: $period, first: 10) {
      timeZone
      views
      downloads
      searches
      zeroResultSearches
      daily {
        day
        views
        downloads
        searches
      }
      topMaterials {
        material {
          id
          title
        }
        views
        downloads
      }
      zeroResultQueries {
        query
        searches
      }
    }
    materialsReport(period: $period, by: $by) {
      label
      total
      draft
      inReview
      published
      rejected
      archived
    }
    authorsActivity(period: $period) {
      organization
      authors
      materials
      published
      youngAuthors
      youngMaterials
    }
    reviewTurnaround(period: $period) {
      published
      medianDays
      p90Days
    }
    coverageGaps(below: 3) {
      subject
      level
      levelName
      published
    }
  }
`;

const DIMENSIONS = ['ORGANIZATION', 'SUBJECT', 'LEVEL', 'KIND'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reports for methodists and admins; others are told who may see them. */
export default function ReportsPage() {
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  usePageTitle(reports.title);
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  const role = viewer.data?.viewer?.role;
  if (!role) return <SignInFirst title={reports.title} />;
  if (!isMethodist(role))
    return (
      <div className="material">
        <h1>{reports.title}</h1>
        <p>{t.reportsOnly}</p>
      </div>
    );
  return <Reports />;
}

/** Monitoring for methodists: usage, what is written and by whom, review times, gaps; every table downloadable. */
function Reports() {
  const url = useLocation();
  const params = url.searchParams;
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : `${new Date().getFullYear()}-01-01`;
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : localDay(new Date());
  const by = (DIMENSIONS as readonly string[]).includes(params.get('by') ?? '')
    ? (params.get('by') as (typeof DIMENSIONS)[number])
    : 'ORGANIZATION';
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams({ from, to, by, ...changes });
    navigate(`/reports?${next}`, { replace: true });
  };
  const { data, error, loading } = useQuery<ReportsPageQueryQuery, ReportsPageQueryQueryVariables>(REPORTS_QUERY, {
    variables: { period: { from, to }, by },
  });
  const period = new URLSearchParams({ from, to }).toString();
  // On a phone the bars keep most of the width: shorter labels of the organizations and subjects.
  const narrow = window.innerWidth < 720;
  const labelWidth = narrow ? 120 : 260;
  const labelChars = narrow ? 18 : 40;
  const idle = data && !data.usageReport.views && !data.usageReport.downloads && !data.usageReport.searches;

  return (
    <div className="reports">
      <h1>{reports.title}</h1>
      <form className="period" aria-label={reports.period} onSubmit={(e) => e.preventDefault()}>
        <label>
          {reports.from}
          <input type="date" value={from} max={to} onChange={(e) => DAY.test(e.target.value) && set({ from: e.target.value })} />
        </label>
        <label>
          {reports.to}
          <input type="date" value={to} min={from} onChange={(e) => DAY.test(e.target.value) && set({ to: e.target.value })} />
        </label>
        <a className="button" href={`/reports/annual-${from.slice(0, 4)}.xlsx`} download>
          {reports.annual(from.slice(0, 4))}
        </a>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {loading && !data && <p aria-busy="true">{t.loading}</p>}
      {data && (
        <>
          <section aria-labelledby="usage-title">
            <h2 id="usage-title">{reports.usage}</h2>
            <ReportDownloads name="usage" title={reports.usage} query={period} />
            {idle ? (
              <p className="empty">{reports.emptyUsage}</p>
            ) : (
              <>
                <dl className="totals">
                  <div>
                    <dt>{reports.views}</dt>
                    <dd>{data.usageReport.views}</dd>
                  </div>
                  <div>
                    <dt>{reports.downloads}</dt>
                    <dd>{data.usageReport.downloads}</dd>
                  </div>
                  <div>
                    <dt>{reports.searches}</dt>
                    <dd>{data.usageReport.searches}</dd>
                  </div>
                  <div>
                    <dt>{reports.zeroResults}</dt>
                    <dd>{data.usageReport.zeroResultSearches}</dd>
                  </div>
                </dl>
                <div className="chart" role="img" aria-label={reports.usageChart}>
                  <ResponsiveContainer width="100%" height={260}>
                    <LineChart data={data.usageReport.daily}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="day" />
                      <YAxis allowDecimals={false} />
                      <Tooltip />
                      <Legend />
                      <Line type="monotone" dataKey="views" name={reports.views} stroke="#1d5fa8" dot={false} />
                      <Line type="monotone" dataKey="downloads" name={reports.downloads} stroke="#2e8540" dot={false} />
                      <Line type="monotone" dataKey="searches" name={reports.searches} stroke="#b35900" dot={false} />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
                <h3>{reports.mostUsed}</h3>
                {data.usageReport.topMaterials.length ? (
                  <table>
                    <thead>
                      <tr>
                        <th>{reports.material}</th>
                        <th>{reports.views}</th>
                        <th>{reports.downloads}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.usageReport.topMaterials.map((m) => (
                        <tr key={m.material.id}>
                          <td>
                            <a href={`/materials/${m.material.id}`}>{m.material.title}</a>
                          </td>
                          <td>{m.views}</td>
                          <td>{m.downloads}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="empty">{reports.noUseYet}</p>
                )}
              </>
            )}
          </section>

          <section aria-labelledby="materials-title">
            <h2 id="materials-title">{reports.materials}</h2>
            <ReportDownloads name="materials" title={`${reports.materials} ${reports.dimensions[by]}`} query={`${period}&by=${by}`} />
            <label>
              {reports.by}
              <select value={by} onChange={(e) => set({ by: e.target.value })}>
                {DIMENSIONS.map((d) => (
                  <option key={d} value={d}>
                    {reports.dimensions[d]}
                  </option>
                ))}
              </select>
            </label>
            {data.materialsReport.length === 0 ? (
              <p className="empty">{reports.emptyMaterials}</p>
            ) : (
              <>
                <div className="chart" role="img" aria-label={reports.materialsChart}>
                  <ResponsiveContainer width="100%" height={Math.max(200, 36 * data.materialsReport.length + 60)}>
                    <BarChart
                      data={data.materialsReport.map((r) => ({
                        ...r,
                        short: r.label.length > labelChars ? `${r.label.slice(0, labelChars - 2)}…` : r.label,
                      }))}
                      layout="vertical"
                      margin={{ left: 8, right: 16 }}
                    >
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis type="number" allowDecimals={false} />
                      <YAxis type="category" dataKey="short" width={labelWidth} interval={0} tick={{ fontSize: 12 }} />
                      <Tooltip />
                      <Legend />
                      <Bar dataKey="published" stackId="s" name={t.statuses.PUBLISHED} fill="#2e8540" />
                      <Bar dataKey="inReview" stackId="s" name={t.statuses.IN_REVIEW} fill="#1d5fa8" />
                      <Bar dataKey="draft" stackId="s" name={t.statuses.DRAFT} fill="#9aa5b1" />
                      <Bar dataKey="rejected" stackId="s" name={t.statuses.REJECTED} fill="#b3261e" />
                      <Bar dataKey="archived" stackId="s" name={t.statuses.ARCHIVED} fill="#6b4f2a" />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                {/* The chart shortens long names on phones: the table gives each in full. */}
                <table className="cards">
                  <thead>
                    <tr>
                      <th>{reports.dimensionLabel[by]}</th>
                      <th>{reports.total}</th>
                      <th>{reports.publishedCount}</th>
                      <th>{reports.inReviewCount}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.materialsReport.map((r) => (
                      <tr key={r.label}>
                        <td>{r.label}</td>
                        <td data-label={reports.total}>{r.total}</td>
                        <td data-label={reports.publishedCount}>{r.published}</td>
                        <td data-label={reports.inReviewCount}>{r.inReview}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>

          <section aria-labelledby="authors-title">
            <h2 id="authors-title">{reports.authors}</h2>
            <ReportDownloads name="authors" title={reports.authors} query={period} />
            {data.authorsActivity.length === 0 ? (
              <p className="empty">{reports.emptyAuthors}</p>
            ) : (
              <table className="cards">
                <thead>
                  <tr>
                    <th>{reports.organization}</th>
                    <th>{reports.authorsCount}</th>
                    <th>{reports.materialsCount}</th>
                    <th>{reports.publishedCount}</th>
                    <th>{reports.young}</th>
                    <th>{reports.youngMaterials}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.authorsActivity.map((r) => (
                    <tr key={r.organization}>
                      <td>{r.organization}</td>
                      <td data-label={reports.authorsCount}>{r.authors}</td>
                      <td data-label={reports.materialsCount}>{r.materials}</td>
                      <td data-label={reports.publishedCount}>{r.published}</td>
                      <td data-label={reports.young}>{r.youngAuthors}</td>
                      <td data-label={reports.youngMaterials}>{r.youngMaterials}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="turnaround-title">
            <h2 id="turnaround-title">{reports.turnaround}</h2>
            <ReportDownloads name="turnaround" title={reports.turnaround} query={period} />
            <p>
              {reports.turnaroundText(data.reviewTurnaround.published, data.reviewTurnaround.medianDays, data.reviewTurnaround.p90Days)}
            </p>
          </section>

          <section aria-labelledby="gaps-title">
            <h2 id="gaps-title">{reports.gaps}</h2>
            <ReportDownloads name="gaps" title={reports.gaps} query={period} />
            {data.coverageGaps.length ? (
              <>
                <p>{reports.gapsText}</p>
                <ul className="gaps">
                  {data.coverageGaps.slice(0, 60).map((g) => (
                    <li key={`${g.subject}-${g.level}`}>{reports.gap(g.subject, g.levelName, g.published)}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="empty">{reports.noGaps}</p>
            )}
            <h3>{reports.missingQueries}</h3>
            <ReportDownloads name="queries" title={reports.missingQueries} query={period} />
            {data.usageReport.zeroResultQueries.length ? (
              <ul>
                {data.usageReport.zeroResultQueries.map((q) => (
                  <li key={q.query}>
                    «{q.query}» — {q.searches}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{reports.noMisses}</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
