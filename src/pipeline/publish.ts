import { publishShortlist, type PublishResult } from '../artifact/publish.js';
import { buildShortlistContent } from '../curation/build.js';
import type { Config } from '../config.js';
import type { Db } from '../db/open.js';
import { loadCurationInput } from './curation-input.js';
import { loadCurationFile, loadEffortVocabularies } from './curation-files.js';

export interface PublishOutcome extends PublishResult {
  /** Curation entries that applied to nothing, and similar notes for the maintainer. */
  readonly warnings: readonly string[];
  /** AA rows that would have made the shortlist but have no OpenRouter model. */
  readonly unmatched: number;
  readonly entries: { readonly high: number; readonly medium: number; readonly low: number };
}

/** Curate from the latest successful runs and publish if the content changed (the CLI and jobs share it). */
export function publishFromDatabase(
  deps: { config: Config; db: Db; now?: () => Date },
  options: { force?: boolean; dryRun?: boolean } = {},
): PublishOutcome {
  const curation = loadCurationFile(deps.config.curationPath);
  const { input, sources } = loadCurationInput(deps.db.orm, curation);
  const effortVocabularies = loadEffortVocabularies(deps.config.effortVocabulariesPath);
  const { content, warnings } = buildShortlistContent({ ...input, effortVocabularies, bands: deps.config.tierBands });
  const result = publishShortlist({
    dir: deps.config.shortlistsDir,
    content,
    sources,
    now: (deps.now ?? (() => new Date()))(),
    force: options.force ?? false,
    dryRun: options.dryRun ?? false,
  });
  return {
    ...result,
    warnings,
    unmatched: content.unmatched.length,
    entries: {
      high: content.tiers.high.entries.length,
      medium: content.tiers.medium.entries.length,
      low: content.tiers.low.entries.length,
    },
  };
}
