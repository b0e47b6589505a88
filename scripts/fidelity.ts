/**
 * Curation fidelity on the real captures: how much of the strong field is matched, which rows the
 * effort vocabularies and OpenRouter's default reasoning move from proposed to matched, and the
 * tier primaries, before and after those two features.
 *
 *   npm run build && node dist/scripts/fidelity.js
 *
 * "before" is the same matcher with both features off: no effort vocabularies and every model's
 * `reasoning.default_enabled` unknown (as the records were before it was read). Prices and speeds
 * come from the models list and AA (no endpoint capture of the same dates).
 */
import path from 'node:path';
import { tierChain, type Variant } from '../src/artifact/chains.js';
import { TIER_NAMES } from '../src/artifact/schema.js';
import { buildShortlistContent } from '../src/curation/build.js';
import { EMPTY_VOCABULARIES, type EffortVocabularyFile } from '../src/curation/effort-vocabulary-file.js';
import { matchField, summarizeMatches, type FieldMatch } from '../src/curation/match-summary.js';
import { parseAaPayload } from '../src/sources/artificial-analysis/index.js';
import { parseModelsPayload } from '../src/sources/openrouter-models/index.js';
import type { AaModelRecord, OpenRouterModelRecord } from '../src/sources/types.js';
import { packageRoot } from '../src/util/package-root.js';
import { loadCapture, type CaptureName } from './lib/realdata.js';
import { loadCurationFile, loadEffortVocabularies } from '../src/pipeline/curation-files.js';

const PAIRS: ReadonlyArray<readonly [CaptureName, CaptureName]> = [
  ['aa_llms_models_2026-08-21', 'or_models_2026-08-22_wrapped'],
  ['aa_llms_models_2026-07-22', 'or_models_2026-07-22_wrapped'],
];

interface Setting {
  readonly aaRows: readonly AaModelRecord[];
  readonly models: readonly OpenRouterModelRecord[];
  readonly effortVocabularies: EffortVocabularyFile;
}

const curation = loadCurationFile(path.join(packageRoot(), 'data', 'curation.json'));
const vocabularies = loadEffortVocabularies(path.join(packageRoot(), 'data', 'effort-vocabularies.json'));

function primaries(setting: Setting, variant: Variant): string[] {
  const { content } = buildShortlistContent({ ...setting, endpoints: null, curation });
  return TIER_NAMES.map((tier) => `${tier} ${tierChain(content.tiers[tier], variant).primary ?? '-'}`);
}

function line(label: string, before: string, after: string): string {
  return `  ${label.padEnd(18)} ${before === after ? `${after} (unchanged)` : `${before} → ${after}`}`;
}

function report(aaName: CaptureName, orName: CaptureName): string[] {
  const aaRows = parseAaPayload(loadCapture(aaName), 'capture').records;
  const models = parseModelsPayload({ data: loadCapture<{ data: unknown[] }>(orName).data }, 'capture').records;
  const after: Setting = { aaRows, models, effortVocabularies: vocabularies };
  const before: Setting = {
    aaRows,
    models: models.map((m) => ({ ...m, reasoningDefaultEnabled: null })),
    effortVocabularies: EMPTY_VOCABULARIES,
  };
  const [was, now] = [summarizeMatches({ ...before, curation }), summarizeMatches({ ...after, curation })];
  const share = (s: typeof was) => `${s.strong.matched.total}/${s.strong.onOpenRouter} = ${(100 * s.strong.matchedShare).toFixed(1)}%`;
  const beforeRows = new Map(matchField({ ...before, curation }).map((r) => [r.match.aaId, r]));
  const strongAfter = matchField({ ...after, curation }).filter((r) => r.percentile >= now.bands.low);
  const moved = (from: string, to: string) =>
    strongAfter.filter((r) => beforeRows.get(r.match.aaId)?.match.status === from && r.match.status === to);
  const describe = (r: FieldMatch, was: FieldMatch | undefined) =>
    `    p${r.percentile} ${r.match.aaSlug} "${r.match.aaName}": ${was?.match.model ?? '-'}@${was?.match.effort ?? 'default'} ${was?.match.status} → ${r.match.model}@${r.match.effort ?? 'default'} ${r.match.status} (${r.match.method})\n      ${r.match.reason}`;
  return [
    `AA ${aaName.replace('aa_llms_models_', '')} × OpenRouter ${orName.replace(/or_models_|_wrapped/g, '')}`,
    `  rows at or above the low band: ${now.strong.rows}; with a model on OpenRouter: ${was.strong.onOpenRouter} before, ${now.strong.onOpenRouter} after`,
    `  matched share of those on OpenRouter: ${share(was)} → ${share(now)}`,
    `  proposed → matched (${moved('proposed', 'matched').length}):`,
    ...moved('proposed', 'matched').map((r) => describe(r, beforeRows.get(r.match.aaId))),
    `  matched → proposed (${moved('matched', 'proposed').length}):`,
    ...moved('matched', 'proposed').map((r) => describe(r, beforeRows.get(r.match.aaId))),
    `  still proposed, by cause: ${JSON.stringify(now.strong.proposed.byCause)}`,
    ...TIER_NAMES.flatMap((_, i) => [
      line(`cheapest ${TIER_NAMES[i]}`, primaries(before, 'default')[i]!.split(' ')[1]!, primaries(after, 'default')[i]!.split(' ')[1]!),
      line(`nitro ${TIER_NAMES[i]}`, primaries(before, 'nitro')[i]!.split(' ')[1]!, primaries(after, 'nitro')[i]!.split(' ')[1]!),
    ]),
  ];
}

console.log(PAIRS.flatMap(([aa, or]) => [...report(aa, or), '']).join('\n'));
