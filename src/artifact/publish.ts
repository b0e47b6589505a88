import { ParetoError } from '../errors.js';
import { describeIssues } from '../util/zod-issues.js';
import { consistencyProblems } from './consistency.js';
import { checkFieldShrink, type FieldShrinkRefusal } from './field-shrink.js';
import { checkGuardrails, type Refusal } from './guardrails.js';
import { shortlistContentHash, shortlistEnvelopeHash } from './hash.js';
import { Shortlist, type ShortlistContent } from './schema.js';
import { repairLatest } from './latest-check.js';
import { readNewest, writeVersion } from './store.js';
import { removeStaleTemps } from '../util/stale-temps.js';

export interface PublishRequest {
  readonly dir: string;
  readonly content: ShortlistContent;
  readonly sources: Shortlist['sources'];
  readonly now: Date;
  readonly force?: boolean;
  readonly dryRun?: boolean;
}

export type PublishRefusal = Refusal | FieldShrinkRefusal;

export interface PublishResult {
  readonly published: boolean;
  /** The new version, or the latest one when nothing was published. */
  readonly version: number;
  readonly contentHash: string;
  readonly file: string | null;
  readonly reason: 'new' | 'unchanged' | 'refused' | 'dry-run';
  readonly refusals: readonly PublishRefusal[];
  readonly previousVersion: number | null;
  /** latest.json was not a copy of the newest version (this says what was wrong) and was rewritten. */
  readonly repairedLatest?: string;
  /** Temp files an interrupted write left in the folder, removed before publishing. */
  readonly removedTemps?: readonly string[];
}

/**
 * Publishes a new version only when the content hash differs from the latest (SPEC §5), after
 * validating the whole artifact (schema and internal consistency, so a bug can never publish a
 * file the resolver would reject) and after the guardrails (unless forced).
 */
export function publishShortlist(request: PublishRequest): PublishResult {
  const removedTemps = request.dryRun ? [] : removeStaleTemps(request.dir);
  const result = publishChecked(request);
  return removedTemps.length ? { ...result, removedTemps } : result;
}

function publishChecked(request: PublishRequest): PublishResult {
  const latest = readNewest(request.dir);
  const contentHash = shortlistContentHash(request.content);
  const previousVersion = latest?.version ?? null;
  if (latest && latest.contentHash === contentHash) {
    // Nothing new to publish, but latest.json may still lag after an interrupted publish.
    const repaired = request.dryRun ? undefined : repairLatest(request.dir, latest.version);
    return {
      published: false,
      version: latest.version,
      contentHash,
      file: null,
      reason: 'unchanged',
      refusals: [],
      previousVersion,
      ...(repaired ? { repairedLatest: repaired } : {}),
    };
  }
  const version = (previousVersion ?? 0) + 1;
  const envelope = { version, contentHash, createdAt: request.now.toISOString(), sources: request.sources };
  const artifact = { ...request.content, ...envelope, envelopeHash: shortlistEnvelopeHash(envelope) };
  const checked = Shortlist.safeParse(artifact);
  if (!checked.success) {
    throw new ParetoError('schema', `refusing to publish an invalid shortlist: ${describeIssues(checked.error)}`, {
      hint: 'this is a bug in curation; nothing was written',
    });
  }
  const problems = consistencyProblems(checked.data);
  if (problems.length > 0) {
    throw new ParetoError('schema', `refusing to publish an inconsistent shortlist: ${problems.slice(0, 5).join('; ')}`, {
      hint: 'this is a bug in curation; nothing was written',
    });
  }
  // Validity first: a broken build is a bug to report, not a refusal to override with --force.
  const refusals: PublishRefusal[] = [...checkGuardrails(latest, request.content), ...checkFieldShrink(latest, request.content)];
  if (refusals.length > 0 && !request.force) {
    return { published: false, version, contentHash, file: null, reason: 'refused', refusals, previousVersion };
  }
  if (request.dryRun) return { published: false, version, contentHash, file: null, reason: 'dry-run', refusals, previousVersion };
  const file = writeVersion(request.dir, checked.data);
  return { published: true, version, contentHash, file, reason: 'new', refusals, previousVersion };
}
