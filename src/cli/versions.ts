import { listVersions, versionFile } from '../artifact/store.js';
import { loadShortlistFile } from '../artifact/load.js';
import { TIER_NAMES, type TierName } from '../artifact/schema.js';
import { messageOf } from '../errors.js';
import { renderTable } from './table.js';

export interface PublishedVersion {
  readonly version: number;
  readonly createdAt: string | null;
  readonly contentHash: string | null;
  readonly entries: Record<TierName, number> | null;
  readonly unmatched: number | null;
  /** Why the file could not be read (it is listed anyway: a broken version must be visible). */
  readonly error?: string;
}

/** Every published version with its date, hash and entry counts, oldest first. */
export function describeVersions(dir: string): PublishedVersion[] {
  return listVersions(dir).map((version) => {
    try {
      const s = loadShortlistFile(versionFile(dir, version));
      const entries = Object.fromEntries(TIER_NAMES.map((t) => [t, s.tiers[t].entries.length])) as Record<TierName, number>;
      return { version, createdAt: s.createdAt, contentHash: s.contentHash, entries, unmatched: s.unmatched.length };
    } catch (error) {
      return { version, createdAt: null, contentHash: null, entries: null, unmatched: null, error: messageOf(error).split('\n')[0]! };
    }
  });
}

export function renderVersions(versions: readonly PublishedVersion[], width: number): string {
  const problems = versions.some((v) => v.error);
  return renderTable(
    ['version', 'published', 'hash', ...TIER_NAMES, 'unmatched', ...(problems ? ['problem'] : [])],
    versions.map((v) => [
      v.version,
      v.createdAt?.replace(/\.\d+Z$/, 'Z') ?? '-',
      v.contentHash?.slice(0, 12) ?? '-',
      ...TIER_NAMES.map((t) => v.entries?.[t] ?? null),
      v.unmatched,
      ...(problems ? [v.error ?? ''] : []),
    ]),
    width,
  );
}
