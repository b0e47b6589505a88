import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The whole database. Observations are append-only and keyed by run, so the history of any
 * model's score, price or speed can be read back; each table keeps the full normalised record
 * as JSON (`record`) next to a few typed columns for querying, and a content hash used to
 * count new/changed/unchanged rows between runs.
 */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source').notNull(),
    /** live | replay */
    mode: text('mode').notNull(),
    /** running | success | failed */
    status: text('status').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    /** Process that owns a running row, so a crashed run can be told apart from a live one. */
    pid: integer('pid'),
    host: text('host'),
    requests: integer('requests').notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsStored: integer('rows_stored').notNull().default(0),
    rowsNew: integer('rows_new').notNull().default(0),
    rowsChanged: integer('rows_changed').notNull().default(0),
    rowsUnchanged: integer('rows_unchanged').notNull().default(0),
    rowsRemoved: integer('rows_removed').notNull().default(0),
    rowsDropped: integer('rows_dropped').notNull().default(0),
    error: text('error'),
    /** JSON: facts about the response (tier, index version, pages, dropped reasons …). */
    meta: text('meta'),
  },
  (t) => [index('sync_runs_source_status').on(t.source, t.status, t.id)],
);

export const rawResponses = sqliteTable(
  'raw_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => syncRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    url: text('url').notNull(),
    status: integer('status').notNull(),
    /** JSON of the response headers (never the request headers, which carry keys). */
    headers: text('headers').notNull(),
    /** gzip of the body text. */
    body: blob('body', { mode: 'buffer' }).notNull(),
    bytes: integer('bytes').notNull(),
    fetchedAt: text('fetched_at').notNull(),
  },
  (t) => [index('raw_responses_run').on(t.runId, t.seq)],
);

const observationColumns = {
  runId: integer('run_id')
    .notNull()
    .references(() => syncRuns.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  hash: text('hash').notNull(),
  record: text('record').notNull(),
};

export const aaObservations = sqliteTable(
  'aa_observations',
  {
    ...observationColumns,
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    indexVersion: real('index_version'),
    codingIndex: real('coding_index'),
    intelligenceIndex: real('intelligence_index'),
    priceInputPerM: real('price_input_per_m'),
    outputTokensPerSecond: real('output_tokens_per_second'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] }), index('aa_observations_key').on(t.key, t.runId)],
);

export const openrouterModelObservations = sqliteTable(
  'openrouter_model_observations',
  {
    ...observationColumns,
    canonicalSlug: text('canonical_slug'),
    promptPricePerM: real('prompt_price_per_m'),
    completionPricePerM: real('completion_price_per_m'),
    aaCodingIndex: real('aa_coding_index'),
    // OpenRouter's `reasoning` object (APIS §2.2), which decides how an AA configuration maps onto
    // a request; null where the answer did not say (and in rows stored before it was read).
    reasoningMandatory: integer('reasoning_mandatory', { mode: 'boolean' }),
    reasoningDefaultEnabled: integer('reasoning_default_enabled', { mode: 'boolean' }),
    reasoningDefaultEffort: text('reasoning_default_effort'),
    /** JSON array of effort names, highest first; null for "no allowlist". */
    reasoningSupportedEfforts: text('reasoning_supported_efforts'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] }), index('openrouter_model_observations_key').on(t.key, t.runId)],
);

export const openrouterEndpointObservations = sqliteTable(
  'openrouter_endpoint_observations',
  {
    ...observationColumns,
    modelId: text('model_id').notNull(),
    tag: text('tag').notNull(),
    status: integer('status'),
    promptPricePerM: real('prompt_price_per_m'),
    throughputP50: real('throughput_p50'),
    latencyP50Ms: real('latency_p50_ms'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] }), index('openrouter_endpoint_observations_model').on(t.modelId, t.runId)],
);

/** Requests spent per source per UTC day, and the last rate-limit state the API reported. */
export const requestBudget = sqliteTable(
  'request_budget',
  {
    source: text('source').notNull(),
    day: text('day').notNull(),
    used: integer('used').notNull().default(0),
    remaining: integer('remaining'),
    resetAt: text('reset_at'),
  },
  (t) => [primaryKey({ columns: [t.source, t.day] })],
);

/**
 * Leases keep jobs from overlapping, across processes too: a holder renews before `expiresAt`;
 * a crashed holder's lease simply expires and the next scheduler takes it over.
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/**
 * One row per job run (a skipped one leaves none): who ran it, for which scheduled tick, how it
 * ended and what it did. The unique (job, tick) makes the insert that starts a run also its
 * claim on the tick: two schedulers on one database (for redundancy) both fire at 02:17, the
 * lease keeps them from running at once, and this keeps the second from running the tick again
 * once the first is done. Manual runs have no tick (NULLs never collide).
 */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    /** The scheduled time the tick stands for (ISO, UTC), whenever it actually started. */
    tick: text('tick'),
    holder: text('holder').notNull(),
    /** running | succeeded | failed */
    status: text('status').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    error: text('error'),
    /** JSON: attempts and sync run ids, the publish result, or what retention deleted. */
    detail: text('detail'),
  },
  (t) => [uniqueIndex('job_runs_job_tick').on(t.job, t.tick), index('job_runs_job').on(t.job, t.id)],
);
