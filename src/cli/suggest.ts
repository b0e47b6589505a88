/**
 * "Did you mean …?" for a mistyped command or flag: the known name closest to what was typed,
 * by Damerau–Levenshtein distance (a swap of two neighbours counts as one edit), or the only
 * name it is a prefix of. Nothing when no name is close enough to be a plausible typo.
 */
export function closest(typed: string, names: readonly string[]): string | undefined {
  const prefixed = names.filter((n) => typed.length >= 2 && n.startsWith(typed));
  if (prefixed.length === 1) return prefixed[0];
  const limit = typed.length <= 3 ? 1 : typed.length <= 6 ? 2 : 3;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const d = distance(typed, name);
    if (d <= limit && (best === undefined || d < best.distance)) best = { name, distance: d };
  }
  return best?.name;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
