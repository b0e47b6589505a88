import { TIER_NAMES, type ShortlistContent } from './schema.js';

/**
 * What the schema cannot say about one field alone: each entry sits in the tier it names, ids
 * are unique within a tier, `byThroughput` orders exactly the tier's entries, `entries` are in
 * price order, and frontier ids exist. The resolver trusts these orders instead of sorting, so
 * a file that breaks them is rejected like a schema failure.
 */
export function consistencyProblems(content: ShortlistContent): string[] {
  const problems: string[] = [];
  const allIds = new Set<string>();
  for (const name of TIER_NAMES) {
    const tier = content.tiers[name];
    const ids = tier.entries.map((e) => e.id);
    ids.forEach((id) => allIds.add(id));
    tier.entries.forEach((e, i) => {
      if (e.tier !== name) problems.push(`tiers.${name}.entries[${i}] (${e.id}) says tier "${e.tier}"`);
      const previous = tier.entries[i - 1];
      const price = e.price.promptPerM ?? Infinity;
      if (previous && (previous.price.promptPerM ?? Infinity) > price)
        problems.push(`tiers.${name}.entries[${i}] (${e.id}) is cheaper than the entry before it: entries must be in price order`);
    });
    if (new Set(ids).size !== ids.length) problems.push(`tiers.${name}: an entry id appears twice`);
    const sortedIds = [...ids].sort().join('\n');
    if ([...tier.byThroughput].sort().join('\n') !== sortedIds)
      problems.push(`tiers.${name}.byThroughput does not list exactly the tier's entry ids`);
  }
  for (const id of content.frontier) if (!allIds.has(id)) problems.push(`frontier lists ${id}, which is in no tier`);
  return problems;
}
