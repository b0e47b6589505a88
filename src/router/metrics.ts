import type { Usage } from './usage.js';

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

export interface SpendLabels {
  readonly router_model: string;
  readonly model: string;
  /** A router key's name, `loopback` or `pass-through` (credentials.ts). */
  readonly client: string;
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
  /** What an answer reported it cost, counted under the router model asked for, the model that answered and the client. */
  usage(labels: SpendLabels, usage: Usage): void;
  /** The families of this process, as plain data: what a cluster worker hands to the others. */
  collect(gauges: ScrapeGauges): MetricFamily[];
  render(gauges: ScrapeGauges): string;
}

/**
 * One metric family as data. `merge` says how the figures of several worker processes add up
 * (metrics-merge.ts): counts and sizes sum, "the shortlist in use" is the oldest any worker
 * serves, a store is up only where every worker reaches it.
 */
export interface MetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly merge: 'sum' | 'min' | 'max';
  /** The text after the name (`{labels}`, a histogram's `_bucket{le="…"}`, or nothing) and the value. */
  readonly samples: ReadonlyArray<readonly [string, number]>;
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
  const labelled = (series: ReadonlyMap<string, number>) => [...series].map(([k, v]) => [`{${k}}`, v] as const);
  const spend = spendCounters();

  function collect(g: ScrapeGauges): MetricFamily[] {
    const out: MetricFamily[] = [
      counter(
        'pareto_requests_total',
        'Requests answered, by router model, tier used, status and attempt that answered',
        labelled(requests),
      ),
      counter('pareto_fallbacks_total', 'Attempts that failed over to the next chain entry, by reason', labelled(fallbacks)),
      counter('pareto_sticky_hits_total', 'Requests routed by a sticky pin', [['', stickyHits]]),
      firstByte.family('pareto_upstream_first_byte_seconds', 'Upstream time to response headers, per attempt'),
      total.family('pareto_request_duration_seconds', 'Time from receiving a request to the end of its answer, fallbacks included'),
      added.family('pareto_router_added_seconds', 'Router time before the first upstream call (parse, resolve, rewrite)'),
      ...spend.families(),
    ];
    const gauge = (
      name: string,
      help: string,
      value: number | null,
      merge: MetricFamily['merge'] = 'sum',
      type: 'gauge' | 'counter' = 'gauge',
    ) => {
      if (value !== null) out.push({ name, type, help, merge, samples: [['', value]] });
    };
    gauge('pareto_in_flight_requests', 'Requests being served', g.inFlight);
    gauge('pareto_shortlist_version', 'Version of the shortlist in use', g.shortlistVersion, 'min');
    gauge('pareto_shortlist_age_seconds', 'Seconds since the shortlist in use was created', g.shortlistAgeSeconds, 'max');
    if (g.store !== null) {
      gauge('pareto_sticky_store_up', 'Whether the sticky store answers (1) or not (0)', g.store.ok ? 1 : 0, 'min');
      gauge('pareto_sticky_store_errors_total', 'Sticky store commands that failed', g.store.errors, 'sum', 'counter');
      gauge('pareto_sticky_store_outages_total', 'Times the sticky store became unreachable', g.store.outages, 'sum', 'counter');
    }
    if (g.process) out.push(...processFamilies(g.process));
    return out;
  }

  return {
    request: (l) => bump(requests, requestKey(l)),
    fallback: (reason) => bump(fallbacks, labels({ reason })),
    stickyHit: () => void stickyHits++,
    upstreamFirstByte: (s) => firstByte.observe(s),
    upstreamTotal: (s) => total.observe(s),
    routerAdded: (s) => added.observe(s),
    usage: (l, u) => spend.add(l, u),
    collect,
    render: (g) => renderFamilies(collect(g)),
  };
}

/**
 * Distinct (router model, model, client) series the spend counters keep; later ones count as
 * model="other". A routed model comes from the shortlist, but a passed-through one is the
 * client's choice, and every series is kept for the life of the process.
 */
export const SPEND_SERIES_LIMIT = 200;

/** Tokens and cost by router model, model and client: what each model and each client costs, from the answers' own usage. */
function spendCounters() {
  // One entry per series, its four figures together: a request looks it up once.
  const series = new Map<string, { readonly labels: string; prompt: number; cached: number; completion: number; cost: number }>();
  let named = 0;
  const seriesOf = (l: SpendLabels) => {
    const raw = `${l.router_model}\u0000${l.model}\u0000${l.client}`;
    const known = series.get(raw);
    if (known !== undefined) return known;
    const other = named >= SPEND_SERIES_LIMIT;
    const key = other ? `${l.router_model}\u0000\u0000${l.client}` : raw; // no model name holds an empty one
    let entry = series.get(key);
    if (entry === undefined) {
      const text = labels({ router_model: l.router_model, model: other ? 'other' : l.model, client: l.client });
      entry = { labels: `{${text}}`, prompt: 0, cached: 0, completion: 0, cost: 0 };
      series.set(key, entry);
      if (!other) named++;
    }
    return entry;
  };
  const samples = (figure: 'prompt' | 'cached' | 'completion' | 'cost') => [...series.values()].map((e) => [e.labels, e[figure]] as const);
  return {
    add(l: SpendLabels, u: Usage) {
      const entry = seriesOf(l);
      entry.prompt += u.promptTokens ?? 0;
      entry.cached += u.cachedTokens ?? 0;
      entry.completion += u.completionTokens ?? 0;
      entry.cost += u.cost ?? 0;
    },
    families(): MetricFamily[] {
      return [
        counter(
          'pareto_prompt_tokens_total',
          'Prompt tokens the answers reported, by router model, model that answered and client',
          samples('prompt'),
        ),
        counter('pareto_cached_tokens_total', 'Prompt tokens read from cache (part of the prompt tokens)', samples('cached')),
        counter(
          'pareto_completion_tokens_total',
          'Completion tokens the answers reported (reasoning tokens among them)',
          samples('completion'),
        ),
        counter('pareto_cost_usd_total', "Cost the answers reported (OpenRouter's usage.cost, credits = USD)", samples('cost')),
      ];
    },
  };
}

/** The text exposition format (version 0.0.4). */
export function renderFamilies(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const [suffix, value] of f.samples) out.push(`${f.name}${suffix} ${value}`);
  }
  return `${out.join('\n')}\n`;
}

function counter(name: string, help: string, samples: MetricFamily['samples']): MetricFamily {
  return { name, type: 'counter', help, merge: 'sum', samples };
}

/**
 * prom-client's names and meanings, so existing Node dashboards read them. Across workers CPU and
 * memory add up, the start is the earliest and the event-loop delay is the worst worker's.
 */
function processFamilies(p: ProcessStats): MetricFamily[] {
  const one = (name: string, help: string, value: number | null, merge: MetricFamily['merge'], type: 'gauge' | 'counter' = 'gauge') =>
    value === null ? [] : [{ name, type, help, merge, samples: [['', value] as const] }];
  return [
    ...one('process_cpu_user_seconds_total', 'User CPU time spent in seconds', p.cpuUserSeconds, 'sum', 'counter'),
    ...one('process_cpu_system_seconds_total', 'System CPU time spent in seconds', p.cpuSystemSeconds, 'sum', 'counter'),
    ...one(
      'process_cpu_seconds_total',
      'Total user and system CPU time spent in seconds',
      p.cpuUserSeconds + p.cpuSystemSeconds,
      'sum',
      'counter',
    ),
    ...one('process_start_time_seconds', 'Start time of the process since unix epoch in seconds', p.startTimeSeconds, 'min'),
    ...one('process_resident_memory_bytes', 'Resident memory size in bytes', p.residentMemoryBytes, 'sum'),
    ...one('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes', p.heapTotalBytes, 'sum'),
    ...one('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes', p.heapUsedBytes, 'sum'),
    ...one('nodejs_external_memory_bytes', 'Node.js external memory size in bytes (buffers among it)', p.externalMemoryBytes, 'sum'),
    ...one(
      'nodejs_eventloop_lag_p50_seconds',
      'The median event loop delay since the last scrape, in seconds',
      p.eventLoopDelay.p50,
      'max',
    ),
    ...one(
      'nodejs_eventloop_lag_p99_seconds',
      'The 99th percentile event loop delay since the last scrape, in seconds',
      p.eventLoopDelay.p99,
      'max',
    ),
    ...one(
      'nodejs_eventloop_lag_max_seconds',
      'The maximum event loop delay since the last scrape, in seconds',
      p.eventLoopDelay.max,
      'max',
    ),
  ];
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
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
    family(name: string, help: string): MetricFamily {
      const samples: Array<readonly [string, number]> = [];
      let cumulative = 0;
      bounds.forEach((b, i) => {
        cumulative += counts[i]!;
        samples.push([`_bucket{le="${b}"}`, cumulative]);
      });
      samples.push(['_bucket{le="+Inf"}', count], ['_sum', sum], ['_count', count]);
      return { name, type: 'histogram', help, merge: 'sum', samples };
    },
  };
}
