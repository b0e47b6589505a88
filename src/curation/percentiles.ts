/**
 * Coding percentile of each score within its field (SPEC §4.1):
 *   round(100 · (below + 0.5 · tiesOther) / (N − 1)), and 100 when N = 1,
 * where `below` counts strictly lower scores and `tiesOther` the other equal ones. Ties share a
 * percentile; the top score of a field without ties gets 100 and the bottom one 0.
 * O(N log N): one sort, then two binary searches per score.
 */
export function percentiles(scores: readonly number[]): number[] {
  const n = scores.length;
  if (n === 1) return [100];
  const sorted = Float64Array.from(scores).sort();
  return scores.map((score) => {
    const below = lowerBound(sorted, score);
    const equal = upperBound(sorted, score) - below;
    return Math.round((100 * (below + 0.5 * (equal - 1))) / (n - 1));
  });
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
