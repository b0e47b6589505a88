/**
 * The price/score Pareto frontier: entries no other entry beats on both price (lower or equal)
 * and coding index (higher or equal), strictly on at least one. Entries without a price are
 * never on it. Returned best score first, which is the order max_price routing walks.
 */
export interface FrontierCandidate {
  readonly id: string;
  readonly price: number | null;
  readonly score: number;
}

export function paretoFrontier(candidates: readonly FrontierCandidate[]): string[] {
  const priced = candidates.filter((c): c is FrontierCandidate & { price: number } => c.price !== null);
  // Best score first; among equal scores the cheapest first, then id for determinism.
  const ordered = [...priced].sort((a, b) => b.score - a.score || a.price - b.price || cmp(a.id, b.id));
  const frontier: string[] = [];
  let cheapestSoFar = Number.POSITIVE_INFINITY;
  let lastScore = Number.NaN;
  let lastPrice = Number.NaN;
  for (const c of ordered) {
    // Walking down the scores, an entry is on the frontier only if it is strictly cheaper than
    // everything that scores higher — or exactly ties the previous frontier entry on both.
    if (c.price < cheapestSoFar || (c.score === lastScore && c.price === lastPrice)) {
      frontier.push(c.id);
      cheapestSoFar = c.price;
      lastScore = c.score;
      lastPrice = c.price;
    }
  }
  return frontier;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
