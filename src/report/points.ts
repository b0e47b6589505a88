import { chainEntries, VARIANTS, type Variant } from '../artifact/chains.js';
import { TIER_NAMES, type Entry, type Shortlist, type TierName } from '../artifact/schema.js';
import { money } from './html.js';

/**
 * Every entry of a shortlist as one chart point, with the part it plays in its tier's routing
 * chains. Chains come from `src/artifact/chains.ts`, the same code the diff uses, so the
 * marks on the chart are the chains the resolver walks.
 */
export type Role = 'primary' | 'fallback-1' | 'fallback-2';
export const ROLES: readonly Role[] = ['primary', 'fallback-1', 'fallback-2'];

export interface ReportPoint {
  /** Unique in the report: an id may sit in more than one tier. */
  readonly key: string;
  readonly tier: TierName;
  readonly entry: Entry;
  readonly roles: Readonly<Record<Variant, Role | null>>;
}

export function reportPoints(shortlist: Shortlist): ReportPoint[] {
  return TIER_NAMES.flatMap((tier) => {
    const roleOf = Object.fromEntries(
      VARIANTS.map((variant) => [variant, new Map(chainEntries(shortlist.tiers[tier], variant).map((e, i) => [e.id, ROLES[i]!]))]),
    ) as Record<Variant, Map<string, Role>>;
    return shortlist.tiers[tier].entries.map((entry) => ({
      key: `${tier}:${entry.id}`,
      tier,
      entry,
      roles: { default: roleOf.default.get(entry.id) ?? null, nitro: roleOf.nitro.get(entry.id) ?? null },
    }));
  });
}

export function effortLabel(entry: Entry): string {
  return entry.effort ?? 'default';
}

export function throughputLabel(entry: Entry): string {
  const { p50, source } = entry.throughput;
  if (p50 === null) return 'unknown';
  return `${p50} tok/s (${source === 'artificial-analysis' ? 'AA median' : 'endpoint telemetry'})`;
}

export function availabilityLabel(entry: Entry): string {
  const a = entry.availability;
  if (a.source === 'openrouter-models') return entry.available ? 'listed on OpenRouter' : 'not listed';
  return `${entry.available ? 'available' : 'unavailable'}: ${a.okEndpoints ?? 0}/${a.endpoints ?? 0} endpoints OK`;
}

export function roleLabel(role: Role, variant: Variant): string {
  const chain = variant === 'nitro' ? ':nitro' : 'cheapest';
  return role === 'primary' ? `${chain} primary` : `${chain} fallback ${role.slice(-1)}`;
}

/** The hover text of a point: one fact per line. */
export function describePoint(point: ReportPoint): string[] {
  const e = point.entry;
  const roles = VARIANTS.flatMap((v) => (point.roles[v] ? [roleLabel(point.roles[v], v)] : []));
  return [
    `${e.model} · ${effortLabel(e)}`,
    `${point.tier} tier · percentile ${e.percentile} · coding index ${e.codingIndex}`,
    `prompt ${money(e.price.promptPerM)} · blended ${money(e.price.blendedPerM)} per 1M`,
    `p50 ${throughputLabel(e)}`,
    availabilityLabel(e),
    ...(e.frontier ? ['on the price/score frontier'] : []),
    ...(roles.length ? [roles.join(', ')] : []),
  ];
}
