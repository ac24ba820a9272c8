import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.ts';

/** Latency buckets in seconds: from a cached lookup to a slow search. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');
/** Operation names come from clients: an unnamed or odd one is grouped, so the series stay few. */
const operationLabel = (name: string | null | undefined) => (name && /^[A-Za-z_][A-Za-z0-9_]{0,60}$/.test(name) ? name : 'anonymous');

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** Counters and a latency histogram per GraphQL operation, in Prometheus's text format. */
export class Metrics {
  private requests = new Map<string, number>();
  private errors = new Map<string, number>();
  private latency = new Map<string, Histogram>();

  observe(operation: string | null | undefined, seconds: number, errorCodes: string[]): void {
    const name = operationLabel(operation);
    this.requests.set(name, (this.requests.get(name) ?? 0) + 1);
    for (const code of errorCodes) this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
    const histogram = this.latency.get(name) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i]!++;
    });
    histogram.sum += seconds;
    histogram.count++;
    this.latency.set(name, histogram);
  }

  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async ({ operationName, response }) => {
            const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
            this.observe(
              operationName,
              (performance.now() - started) / 1000,
              errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
            );
          },
        };
      },
    };
  }

  /** The exposition text; `gauges` are read at scrape time (backlogs, health). */
  render(gauges: Array<{ name: string; help: string; value: number }>): string {
    const lines: string[] = [];
    lines.push(
      '# HELP kb_graphql_requests_total GraphQL operations answered, by operation name.',
      '# TYPE kb_graphql_requests_total counter',
    );
    for (const [name, count] of this.requests) lines.push(`kb_graphql_requests_total{operation="${label(name)}"} ${count}`);
    lines.push('# HELP kb_graphql_errors_total Errors in GraphQL answers, by code.', '# TYPE kb_graphql_errors_total counter');
    for (const [code, count] of this.errors) lines.push(`kb_graphql_errors_total{code="${label(code)}"} ${count}`);
    lines.push(
      '# HELP kb_graphql_duration_seconds Time from receiving an operation to sending its answer.',
      '# TYPE kb_graphql_duration_seconds histogram',
    );
    for (const [name, h] of this.latency) {
      BUCKETS.forEach((bound, i) =>
        lines.push(`kb_graphql_duration_seconds_bucket{operation="${label(name)}",le="${bound}"} ${h.counts[i]}`),
      );
      lines.push(`kb_graphql_duration_seconds_bucket{operation="${label(name)}",le="+Inf"} ${h.count}`);
      lines.push(`kb_graphql_duration_seconds_sum{operation="${label(name)}"} ${h.sum.toFixed(6)}`);
      lines.push(`kb_graphql_duration_seconds_count{operation="${label(name)}"} ${h.count}`);
    }
    for (const gauge of gauges)
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`, `${gauge.name} ${gauge.value}`);
    lines.push(
      `# HELP process_resident_memory_bytes Resident memory of the server process.`,
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${process.memoryUsage().rss}`,
    );
    return `${lines.join('\n')}\n`;
  }
}
