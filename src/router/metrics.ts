/**
 * The router's Prometheus metrics, in the text exposition format (version 0.0.4). Pure: a few
 * counters and histograms in memory and a function that renders them with the gauges the
 * caller reads at scrape time. Small enough that a client library would be more code to wire.
 */
export interface RequestLabels {
  readonly router_model: string;
  readonly tier: string;
  readonly status: string;
  readonly attempt: string;
}

export interface ScrapeGauges {
  readonly shortlistVersion: number | null;
  readonly shortlistAgeSeconds: number | null;
  readonly inFlight: number;
  /** null: no store health to report (the in-memory store cannot be down). */
  readonly store: { readonly ok: boolean; readonly errors: number; readonly outages: number } | null;
  /** The process's own figures (process-stats.ts); none in a caller that has no process of its own to report. */
  readonly process?: ProcessStats;
}

export interface ProcessStats {
  readonly cpuUserSeconds: number;
  readonly cpuSystemSeconds: number;
  readonly startTimeSeconds: number;
  readonly residentMemoryBytes: number;
  readonly heapTotalBytes: number;
  readonly heapUsedBytes: number;
  readonly externalMemoryBytes: number;
  /** Event-loop delay since the last scrape, in seconds; null before the first sample. */
  readonly eventLoopDelay: { readonly p50: number | null; readonly p99: number | null; readonly max: number | null };
}

export interface RouterMetrics {
  request(labels: RequestLabels): void;
  fallback(reason: string): void;
  stickyHit(): void;
  upstreamFirstByte(seconds: number): void;
  upstreamTotal(seconds: number): void;
  routerAdded(seconds: number): void;
  render(gauges: ScrapeGauges): string;
}

/** Upstream times: from a fast cache hit to a long reasoning stream. */
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** The router's own time: sub-millisecond when all is well. */
const ADDED_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

export function createRouterMetrics(): RouterMetrics {
  const requests = new Map<string, number>();
  const fallbacks = new Map<string, number>();
  let stickyHits = 0;
  const firstByte = histogram(UPSTREAM_BUCKETS);
  const total = histogram(UPSTREAM_BUCKETS);
  const added = histogram(ADDED_BUCKETS);
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  // The label text of each combination seen, escaped once: a request only looks it up.
  const requestLabels = new Map<string, string>();
  const requestKey = (l: RequestLabels) => {
    const raw = `${l.router_model}\u0000${l.tier}\u0000${l.status}\u0000${l.attempt}`;
    let text = requestLabels.get(raw);
    if (text === undefined) {
      text = labels({ router_model: l.router_model, tier: l.tier, status: l.status, attempt: l.attempt });
      requestLabels.set(raw, text);
    }
    return text;
  };

  return {
    request: (l) => bump(requests, requestKey(l)),
    fallback: (reason) => bump(fallbacks, labels({ reason })),
    stickyHit: () => void stickyHits++,
    upstreamFirstByte: (s) => firstByte.observe(s),
    upstreamTotal: (s) => total.observe(s),
    routerAdded: (s) => added.observe(s),
    render(g) {
      const out: string[] = [];
      family(
        out,
        'pareto_requests_total',
        'counter',
        'Requests answered, by router model, tier used, status and attempt that answered',
        requests,
      );
      family(out, 'pareto_fallbacks_total', 'counter', 'Attempts that failed over to the next chain entry, by reason', fallbacks);
      family(out, 'pareto_sticky_hits_total', 'counter', 'Requests routed by a sticky pin', new Map([['', stickyHits]]));
      firstByte.render(out, 'pareto_upstream_first_byte_seconds', 'Upstream time to response headers, per attempt');
      total.render(out, 'pareto_request_duration_seconds', 'Time from receiving a request to the end of its answer, fallbacks included');
      added.render(out, 'pareto_router_added_seconds', 'Router time before the first upstream call (parse, resolve, rewrite)');
      gauge(out, 'pareto_in_flight_requests', 'Requests being served', g.inFlight);
      gauge(out, 'pareto_shortlist_version', 'Version of the shortlist in use', g.shortlistVersion);
      gauge(out, 'pareto_shortlist_age_seconds', 'Seconds since the shortlist in use was created', g.shortlistAgeSeconds);
      if (g.store !== null) {
        gauge(out, 'pareto_sticky_store_up', 'Whether the sticky store answers (1) or not (0)', g.store.ok ? 1 : 0);
        gauge(out, 'pareto_sticky_store_errors_total', 'Sticky store commands that failed', g.store.errors, 'counter');
        gauge(out, 'pareto_sticky_store_outages_total', 'Times the sticky store became unreachable', g.store.outages, 'counter');
      }
      if (g.process) processFamilies(out, g.process);
      return `${out.join('\n')}\n`;
    },
  };
}

/** prom-client's names and meanings, so existing Node dashboards read them. */
function processFamilies(out: string[], p: ProcessStats): void {
  gauge(out, 'process_cpu_user_seconds_total', 'User CPU time spent in seconds', p.cpuUserSeconds, 'counter');
  gauge(out, 'process_cpu_system_seconds_total', 'System CPU time spent in seconds', p.cpuSystemSeconds, 'counter');
  gauge(
    out,
    'process_cpu_seconds_total',
    'Total user and system CPU time spent in seconds',
    p.cpuUserSeconds + p.cpuSystemSeconds,
    'counter',
  );
  gauge(out, 'process_start_time_seconds', 'Start time of the process since unix epoch in seconds', p.startTimeSeconds);
  gauge(out, 'process_resident_memory_bytes', 'Resident memory size in bytes', p.residentMemoryBytes);
  gauge(out, 'nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes', p.heapTotalBytes);
  gauge(out, 'nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes', p.heapUsedBytes);
  gauge(out, 'nodejs_external_memory_bytes', 'Node.js external memory size in bytes (buffers among it)', p.externalMemoryBytes);
  gauge(out, 'nodejs_eventloop_lag_p50_seconds', 'The median event loop delay since the last scrape, in seconds', p.eventLoopDelay.p50);
  gauge(
    out,
    'nodejs_eventloop_lag_p99_seconds',
    'The 99th percentile event loop delay since the last scrape, in seconds',
    p.eventLoopDelay.p99,
  );
  gauge(out, 'nodejs_eventloop_lag_max_seconds', 'The maximum event loop delay since the last scrape, in seconds', p.eventLoopDelay.max);
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

function family(out: string[], name: string, type: string, help: string, series: ReadonlyMap<string, number>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [key, value] of series) out.push(key === '' ? `${name} ${value}` : `${name}{${key}} ${value}`);
}

function gauge(out: string[], name: string, help: string, value: number | null, type = 'gauge'): void {
  if (value === null) return;
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
}

function histogram(bounds: readonly number[]) {
  const counts = new Array<number>(bounds.length).fill(0);
  let sum = 0;
  let count = 0;
  return {
    observe(value: number) {
      count++;
      sum += value;
      const i = bounds.findIndex((b) => value <= b);
      if (i !== -1) counts[i]!++;
    },
    render(out: string[], name: string, help: string) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      let cumulative = 0;
      bounds.forEach((b, i) => {
        cumulative += counts[i]!;
        out.push(`${name}_bucket{le="${b}"} ${cumulative}`);
      });
      out.push(`${name}_bucket{le="+Inf"} ${count}`, `${name}_sum ${sum}`, `${name}_count ${count}`);
    },
  };
}
