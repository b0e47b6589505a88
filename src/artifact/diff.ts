import { tierChains, type Chain, type Variant } from './chains.js';
import { TIER_NAMES, type Entry, type Shortlist, type TierName } from './schema.js';

/**
 * What changed between two shortlist artifacts (SPEC §7). Pure and plain data: the JSON output
 * is this object, so every list has a fixed order (tiers high → low, then by id) and `equal`
 * depends only on what is reported — never on version, createdAt or the content hash.
 */
export interface DiffOptions {
  /** Report a prompt-price change only when it moves by more than this percentage. */
  readonly priceChangePct?: number;
  /** Report a p50 throughput change only when it moves by more than this percentage. */
  readonly throughputChangePct?: number;
}

export type Scalar = string | number | boolean | null;
export type Exclusion = Shortlist['exclusions'][number];
export type Unmatched = Shortlist['unmatched'][number];

export interface ArtifactRef {
  version: number;
  contentHash: string;
  createdAt: string;
}
export interface EntrySummary {
  id: string;
  model: string;
  effort: string | null;
  percentile: number;
  price: number | null;
}
export interface TierMove {
  id: string;
  from: TierName;
  to: TierName;
}
/** `tier` is where the entry sits in the newer artifact. */
export interface EntryChange<T> {
  id: string;
  tier: TierName;
  from: T;
  to: T;
}
/** `pct` is null when either side is unknown or the old value is 0. */
export interface RatioChange extends EntryChange<number | null> {
  pct: number | null;
}
export interface ChainChange {
  tier: TierName;
  variant: Variant;
  from: Chain;
  to: Chain;
}
export interface KeyChange {
  key: string;
  from: Scalar;
  to: Scalar;
}
export interface SetChange<T> {
  added: T[];
  removed: T[];
}

export interface ShortlistDiff {
  from: ArtifactRef;
  to: ArtifactRef;
  equal: boolean;
  entriesAdded: Record<TierName, EntrySummary[]>;
  entriesRemoved: Record<TierName, EntrySummary[]>;
  tierMoves: TierMove[];
  percentileMoves: EntryChange<number>[];
  priceChanges: RatioChange[];
  throughputChanges: RatioChange[];
  availabilityChanges: EntryChange<boolean>[];
  frontierChanges: SetChange<string>;
  primaryChanges: ChainChange[];
  /** Keys of `field`; an `indexVersion` change means the two artifacts' scores are not comparable. */
  fieldChanges: KeyChange[];
  /** Dotted keys of `rules`, e.g. `tierBands.high`. */
  ruleChanges: KeyChange[];
  exclusionChanges: SetChange<Exclusion>;
  unmatchedChanges: SetChange<Unmatched>;
  /**
   * Everything else that changed in a kept entry (coding index, completion price, the source of a
   * number, pins, match method, endpoint counts), by dotted key. Prompt price and throughput are
   * left to their thresholded lists above, so telemetry noise stays out.
   */
  otherEntryChanges: Array<{ id: string; tier: TierName; keys: string[] }>;
}

/** Keys reported by their own lists (or deliberately thresholded there). */
const ITEMISED = new Set(['tier', 'percentile', 'price.promptPerM', 'throughput.p50', 'available', 'frontier']);

const FIELD_KEYS = ['source', 'size', 'indexVersion', 'description'] as const;

export function diffShortlists(a: Shortlist, b: Shortlist, options: DiffOptions = {}): ShortlistDiff {
  const { pairs, added, removed } = pairEntries(a, b);
  const byTier = (placed: readonly Placed[]) =>
    Object.fromEntries(
      TIER_NAMES.map((t) => [
        t,
        placed
          .filter((p) => p.tier === t)
          .map(summary)
          .sort(byId),
      ]),
    ) as Record<TierName, EntrySummary[]>;
  const changes = <T>(pick: (e: Entry) => T) =>
    pairs.flatMap(([x, y]) =>
      pick(x.entry) === pick(y.entry) ? [] : [{ id: y.entry.id, tier: y.tier, from: pick(x.entry), to: pick(y.entry) }],
    );
  const ratios = (pick: (e: Entry) => number | null, threshold: number) =>
    pairs.flatMap(([x, y]) => {
      const change = ratioChange(pick(x.entry), pick(y.entry), threshold);
      return change ? [{ id: y.entry.id, tier: y.tier, from: pick(x.entry), to: pick(y.entry), pct: change.pct }] : [];
    });
  const chainsA = tierChains(a);
  const chainsB = tierChains(b);

  const reported = {
    entriesAdded: byTier(added),
    entriesRemoved: byTier(removed),
    tierMoves: pairs
      .filter(([x, y]) => x.tier !== y.tier)
      .map(([x, y]) => ({ id: y.entry.id, from: x.tier, to: y.tier }))
      .sort(byId),
    percentileMoves: changes((e) => e.percentile).sort(byTierThenId),
    priceChanges: ratios((e) => e.price.promptPerM, options.priceChangePct ?? 5).sort(byTierThenId),
    throughputChanges: ratios((e) => e.throughput.p50, options.throughputChangePct ?? 20).sort(byTierThenId),
    availabilityChanges: changes((e) => e.available).sort(byTierThenId),
    frontierChanges: setChange(a.frontier, b.frontier, (id) => id, compare),
    primaryChanges: chainsB.flatMap((to, i) => {
      const from = chainsA[i]!; // both lists walk the same (tier, variant) grid
      if (sameChain(from, to)) return [];
      return [
        {
          tier: to.tier,
          variant: to.variant,
          from: { primary: from.primary, fallbacks: from.fallbacks },
          to: { primary: to.primary, fallbacks: to.fallbacks },
        },
      ];
    }),
    fieldChanges: FIELD_KEYS.filter((key) => a.field[key] !== b.field[key]).map((key) => ({ key, from: a.field[key], to: b.field[key] })),
    ruleChanges: keyChanges(flatten(a.rules), flatten(b.rules)),
    exclusionChanges: setChange(
      a.exclusions,
      b.exclusions,
      (x) => JSON.stringify([x.model, x.effort, x.reason]),
      (x, y) => compare(x.model, y.model) || compare(x.effort ?? '', y.effort ?? '') || compare(x.reason, y.reason),
    ),
    unmatchedChanges: setChange(
      a.unmatched,
      b.unmatched,
      (u) => JSON.stringify([u.aaId, u.aaSlug, u.aaName, u.percentile, u.status, u.proposed, u.reason]),
      (x, y) => compare(x.aaId, y.aaId) || compare(x.status, y.status),
    ),
    otherEntryChanges: pairs
      .map(([x, y]) => ({
        id: y.entry.id,
        tier: y.tier,
        keys: keyChanges(flatten(x.entry), flatten(y.entry))
          .map((c) => c.key)
          .filter((k) => !ITEMISED.has(k))
          .filter((k, _, all) => !all.some((p) => k.startsWith(`${p}.`))),
      }))
      .filter((c) => c.keys.length > 0)
      .sort(byTierThenId),
  };
  const equal = Object.values(reported).every(isEmpty);
  return { from: ref(a), to: ref(b), equal, ...reported };
}

interface Placed {
  tier: TierName;
  entry: Entry;
}

/**
 * Pairs entries of the two artifacts: same tier and id first, then same id across tiers (a move).
 * Ids are not guaranteed unique across tiers, so matching in-tier first keeps a model that sits
 * in two tiers from being reported as moving between them.
 */
function pairEntries(a: Shortlist, b: Shortlist): { pairs: [Placed, Placed][]; added: Placed[]; removed: Placed[] } {
  const placed = (s: Shortlist) => TIER_NAMES.flatMap((tier) => s.tiers[tier].entries.map((entry) => ({ tier, entry })));
  const pairs: [Placed, Placed][] = [];
  let left = placed(a);
  let right = placed(b);
  for (const sameTier of [true, false]) {
    const pool = new Map<string, Placed[]>();
    for (const p of right) pool.set(key(p, sameTier), [...(pool.get(key(p, sameTier)) ?? []), p]);
    const unpaired: Placed[] = [];
    for (const p of left) {
      const match = pool.get(key(p, sameTier))?.shift();
      if (match) pairs.push([p, match]);
      else unpaired.push(p);
    }
    left = unpaired;
    right = [...pool.values()].flat();
  }
  return { pairs, added: right, removed: left };
}

function key(p: Placed, withTier: boolean): string {
  return withTier ? `${p.tier}\u0000${p.entry.id}` : p.entry.id;
}

function ratioChange(from: number | null, to: number | null, thresholdPct: number): { pct: number | null } | null {
  if (from === to) return null;
  // Appearing or disappearing (unknown ↔ known, or free → paid) always matters to routing.
  if (from === null || to === null || from === 0) return { pct: null };
  const pct = ((to - from) / from) * 100;
  // The tolerance keeps float noise (1.00 → 1.05 is 5.000000000000004%) from crossing the line.
  return Math.abs(pct) - thresholdPct > 1e-9 ? { pct: Math.round(pct * 100) / 100 } : null;
}

function setChange<T>(a: readonly T[], b: readonly T[], identity: (item: T) => string, order: (x: T, y: T) => number): SetChange<T> {
  const inA = new Set(a.map(identity));
  const inB = new Set(b.map(identity));
  return {
    added: b.filter((item) => !inA.has(identity(item))).sort(order),
    removed: a.filter((item) => !inB.has(identity(item))).sort(order),
  };
}

/** Rule objects as `dotted.key → value`, so a new rule key is diffed without code changes. */
function flatten(value: object, prefix = ''): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v as object, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v as Scalar);
  }
  return out;
}

function keyChanges(a: Map<string, Scalar>, b: Map<string, Scalar>): KeyChange[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort(compare);
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => ({ key: k, from: a.get(k) ?? null, to: b.get(k) ?? null }));
}

function sameChain(x: Chain, y: Chain): boolean {
  return x.primary === y.primary && x.fallbacks.length === y.fallbacks.length && x.fallbacks.every((id, i) => id === y.fallbacks[i]);
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return Object.values(value as object).every(isEmpty);
}

function summary({ entry }: Placed): EntrySummary {
  return { id: entry.id, model: entry.model, effort: entry.effort, percentile: entry.percentile, price: entry.price.promptPerM };
}

function ref(s: Shortlist): ArtifactRef {
  return { version: s.version, contentHash: s.contentHash, createdAt: s.createdAt };
}

function byId(x: { id: string }, y: { id: string }): number {
  return compare(x.id, y.id);
}

function byTierThenId(x: { id: string; tier: TierName }, y: { id: string; tier: TierName }): number {
  return TIER_NAMES.indexOf(x.tier) - TIER_NAMES.indexOf(y.tier) || compare(x.id, y.id);
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
