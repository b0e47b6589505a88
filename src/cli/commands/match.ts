import { summarizeMatches } from '../../curation/match-summary.js';
import { formatMatchSummary } from '../../curation/match-summary-format.js';
import { matchAaRows, type MatchResult } from '../../curation/match/index.js';
import { percentiles } from '../../curation/percentiles.js';
import { readObservations } from '../../db/queries/observations.js';
import { AA_MODEL_RECORDS, AA_SOURCE_ID } from '../../sources/artificial-analysis/index.js';
import { MODELS_SOURCE_ID, OPENROUTER_MODEL_RECORDS } from '../../sources/openrouter-models/index.js';
import { latestSuccessfulRun } from '../../db/queries/runs.js';
import { ParetoError } from '../../errors.js';
import { parseFlags } from '../args.js';
import { matchSpec } from '../specs/match.js';
import { commandContext } from '../context.js';
import { printJson, type Io } from '../io.js';
import { renderTable } from '../table.js';
import { loadCurationFile, loadEffortVocabularies } from '../../pipeline/curation-files.js';

export async function matchCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, matchSpec, 'match');
  const ctx = commandContext(io, values, values.curation ? { curationPath: values.curation } : {});
  const curation = loadCurationFile(ctx.config.curationPath);
  const effortVocabularies = loadEffortVocabularies(ctx.config.effortVocabulariesPath);
  const db = ctx.readDb();
  try {
    const run = latestSuccessfulRun(db.orm, AA_SOURCE_ID);
    if (!run)
      throw new ParetoError('usage', 'no successful artificial-analysis sync in the database', {
        hint: 'run `pareto sync` with AA_API_KEY set, or `pareto sync --sample`',
      });
    const rows = readObservations(db.orm, AA_MODEL_RECORDS, run.id);
    const models = latestSuccessfulRun(db.orm, MODELS_SOURCE_ID);
    if (!models)
      throw new ParetoError('usage', 'no successful openrouter-models sync in the database', { hint: 'run `pareto sync` first' });
    const orModels = readObservations(db.orm, OPENROUTER_MODEL_RECORDS, models.id);
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
    io.stdout(
      `${renderTable(
        ['pct', 'status', 'aa slug', 'openrouter model', 'effort', 'method', 'reason'],
        out.map((m) => [m.percentile ?? '-', m.status, m.aaSlug, m.model ?? '-', m.effort ?? '-', m.method ?? '-', m.reason]),
        io.columns,
      )}\n`,
    );
    io.stdout(
      `AA run ${run.id}: ${counts.matched} matched, ${counts.proposed} proposed, ${counts.unmatched} unmatched of ${matches.length} rows\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

function pick(m: MatchResult) {
  return {
    aaId: m.aaId,
    aaSlug: m.aaSlug,
    aaName: m.aaName,
    model: m.model,
    effort: m.effort,
    status: m.status,
    method: m.method,
    cause: m.cause,
    reason: m.reason,
  };
}
