import { loadCurationFile } from '../../curation/curation-file.js';
import { loadEffortVocabularies } from '../../curation/effort-vocabulary-file.js';
import { summarizeMatches } from '../../curation/match-summary.js';
import { formatMatchSummary } from '../../curation/match-summary-format.js';
import { matchAaRows, type MatchResult } from '../../curation/match/index.js';
import { percentiles } from '../../curation/percentiles.js';
import { readObservations } from '../../db/queries/observations.js';
import { latestSuccessfulRun } from '../../db/queries/runs.js';
import { ParetoError } from '../../errors.js';
import { parseFlags } from '../args.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { renderTable } from '../table.js';

export const matchHelp = `pareto match — how each AA row of the latest AA sync maps to an OpenRouter (model, effort)

  --unmatched        only rows that are proposed or unmatched (what to review)
  --summary          the fidelity report instead of the rows: rows at or above the low band, how many
                     are on OpenRouter, matched / proposed / unmatched by reason, and the proposed
                     rows that would enter a tier if accepted (with --json: one object)
  --curation FILE    curation file with aliases (default $PARETO_CURATION or the bundled data/curation.json)
  --db FILE          database file
  --json             one JSON array: { aaId, aaSlug, aaName, model, effort, status, method, cause,
                     percentile, reason } per AA row

Review proposals and unmatched rows, then add aliases (keyed by AA id) to the curation file.
`;

export async function matchCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, { unmatched: { type: 'boolean' }, summary: { type: 'boolean' }, curation: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } }, 'match');
  const ctx = commandContext(io, values, values.curation ? { curationPath: values.curation } : {});
  const curation = loadCurationFile(ctx.config.curationPath);
  const effortVocabularies = loadEffortVocabularies(ctx.config.effortVocabulariesPath);
  const db = ctx.openDb();
  try {
    const run = latestSuccessfulRun(db.orm, 'artificial-analysis');
    if (!run) throw new ParetoError('usage', 'no successful artificial-analysis sync in the database', { hint: 'run `pareto sync` with AA_API_KEY set, or `pareto sync --sample`' });
    const rows = readObservations(db.orm, 'aa-model', run.id);
    const models = latestSuccessfulRun(db.orm, 'openrouter-models');
    if (!models) throw new ParetoError('usage', 'no successful openrouter-models sync in the database', { hint: 'run `pareto sync` first' });
    const orModels = readObservations(db.orm, 'openrouter-model', models.id);
    if (values.summary) {
      const summary = summarizeMatches({ aaRows: rows, models: orModels, curation, effortVocabularies, bands: ctx.config.tierBands });
      if (values.json) printJson(io, summary);
      else io.stdout(formatMatchSummary(summary));
      return 0;
    }
    const matches = matchAaRows(rows, orModels, curation, { effortVocabularies: effortVocabularies.vocabularies });
    const field = rows.map((r, i) => ({ i, score: r.codingIndex })).filter((x): x is { i: number; score: number } => x.score !== null);
    const fieldPct = percentiles(field.map((f) => f.score));
    const pct = new Map(field.map((x, k) => [x.i, fieldPct[k]!]));
    const out = matches
      .map((m, i) => ({ ...pick(m), percentile: pct.get(i) ?? null }))
      .filter((m) => !values.unmatched || m.status !== 'matched')
      .sort((a, b) => (b.percentile ?? -1) - (a.percentile ?? -1) || a.aaSlug.localeCompare(b.aaSlug));
    if (values.json) {
      printJson(io, out);
      return 0;
    }
    const counts = { matched: 0, proposed: 0, unmatched: 0 };
    for (const m of matches) counts[m.status]++;
    io.stdout(`${renderTable(['pct', 'status', 'aa slug', 'openrouter model', 'effort', 'method', 'reason'], out.map((m) => [m.percentile ?? '-', m.status, m.aaSlug, m.model ?? '-', m.effort ?? '-', m.method ?? '-', m.reason]))}\n`);
    io.stdout(`AA run ${run.id}: ${counts.matched} matched, ${counts.proposed} proposed, ${counts.unmatched} unmatched of ${matches.length} rows\n`);
    return 0;
  } finally {
    db.close();
  }
}

function pick(m: MatchResult) {
  return { aaId: m.aaId, aaSlug: m.aaSlug, aaName: m.aaName, model: m.model, effort: m.effort, status: m.status, method: m.method, cause: m.cause, reason: m.reason };
}
