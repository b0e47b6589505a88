/** A cell: text (left-aligned), a number (right-aligned, decimal points lined up), or missing. */
export type Cell = string | number | null;

const MISSING = new Set(['', '-', '?']);
const MIN_CELL = 6;

/**
 * Renders rows as an aligned plain-text table that fits `width` columns: when it would not, the
 * widest text columns are cut (ending in `…`) until it does; nothing wraps. A column whose cells
 * are all numbers (or missing: null, '-', '?') is right-aligned with its decimal points lined up.
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>, width = Infinity): string {
  const numeric = headers.map(
    (_, i) =>
      rows.some((r) => typeof r[i] === 'number') &&
      rows.every((r) => typeof r[i] === 'number' || r[i] === null || MISSING.has(String(r[i]))),
  );
  const columns = headers.map((_, i) => (numeric[i] ? alignDecimals(rows.map((r) => r[i] ?? null)) : rows.map((r) => text(r[i] ?? null))));
  const widths = headers.map((h, i) => Math.max(h.length, ...columns[i]!.map((c) => c.length)));
  shrink(widths, headers, numeric, width);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const w = widths[i]!;
        const cut = c.length > w ? `${c.slice(0, w - 1)}…` : c;
        return numeric[i] ? cut.padStart(w) : cut.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map((_, r) => line(columns.map((col) => col[r]!)))].join('\n');
}

function text(cell: Cell): string {
  return cell === null ? '-' : String(cell);
}

/** 2, 0.375 and 12.5 as "   2", "   0.375", "  12.5": integer parts right-aligned, fractions left. */
function alignDecimals(cells: readonly Cell[]): string[] {
  const parts = cells.map((c) => (typeof c === 'number' ? String(c).split('.') : [text(c)]));
  const intWidth = Math.max(...parts.map((p) => p[0]!.length));
  const fracWidth = Math.max(0, ...parts.map((p) => (p[1] === undefined ? 0 : p[1].length + 1)));
  return parts.map((p) => `${p[0]!.padStart(intWidth)}${(p[1] === undefined ? '' : `.${p[1]}`).padEnd(fracWidth)}`);
}

/**
 * Narrows text columns until the table fits: first the rightmost ones (free text such as reasons,
 * errors and states sits on the right), never below their header; then the widest, to MIN_CELL.
 */
function shrink(widths: number[], headers: readonly string[], numeric: readonly boolean[], width: number): void {
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  for (let i = widths.length - 1; i >= 0 && total() > width; i--) {
    if (numeric[i]) continue;
    widths[i] = Math.min(widths[i]!, Math.max(MIN_CELL, headers[i]!.length, widths[i]! - (total() - width)));
  }
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (!numeric[i] && widths[i]! > MIN_CELL && (widest === -1 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest === -1) return; // only numbers and minimal columns left: print as is
    widths[widest]!--;
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/** Cuts every line longer than `width` to fit, ending it with `…` (text that is not a table). */
export function fitLines(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l))
    .join('\n');
}
