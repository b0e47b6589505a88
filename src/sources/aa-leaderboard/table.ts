import type { CheerioAPI } from 'cheerio';

/**
 * The page also renders a real `<table>`: cell 0 is the model's shortName and cell 3 its
 * Intelligence Index rounded half-up, with `*` when estimated. It is read only to cross-check the
 * flight payload: if the two disagree, the page changed in a way we do not understand.
 */
export interface TableRow {
  readonly shortName: string;
  /** null when the cell shows no score (a dash or nothing). */
  readonly index: number | null;
  readonly decimals: number;
  readonly estimated: boolean;
  readonly cell: string;
}

export type TableRead = { readonly ok: true; readonly rows: TableRow[] } | { readonly ok: false; readonly problem: string };

const SCORE = /^(\d+(?:\.(\d+))?)\s*(\*)?$/;
const NO_SCORE = /^(|-|–|—|n\/a)$/i;

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The first table with body rows. Any row that does not read as documented is a layout change. */
export function readTable($: CheerioAPI): TableRead {
  const table = $('table')
    .filter((_, t) => $(t).find('tbody tr').length > 0)
    .first();
  if (table.length === 0) return { ok: false, problem: 'no server-rendered <table> with body rows' };
  const rows: TableRow[] = [];
  const trs = table.find('tbody tr').toArray();
  for (const [i, tr] of trs.entries()) {
    const cells = $(tr)
      .find('td')
      .map((_, td) => squash($(td).text()))
      .get();
    if (cells.length < 4) return { ok: false, problem: `table row ${i + 1} has ${cells.length} cells, expected at least 4` };
    const shortName = cells[0] ?? '';
    const cell = cells[3] ?? '';
    const score = SCORE.exec(cell);
    if (!shortName) return { ok: false, problem: `table row ${i + 1} has no model name in cell 1` };
    if (!score && !NO_SCORE.test(cell))
      return { ok: false, problem: `table row ${i + 1} ("${shortName}") shows "${cell}" in cell 4, expected the intelligence index` };
    rows.push({
      shortName,
      index: score ? Number(score[1]) : null,
      decimals: score?.[2]?.length ?? 0,
      estimated: score?.[3] === '*',
      cell,
    });
  }
  return { ok: true, rows };
}

function roundHalfUp(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  // The epsilon keeps 62.5 (stored as 62.4999…) rounding up, as the page does.
  return Math.floor(value * scale + 0.5 + 1e-9) / scale;
}

/** Every disagreement between the table and the payload, as readable lines (empty when they agree). */
export function crossCheck(rows: readonly TableRow[], models: readonly Record<string, unknown>[]): string[] {
  const byShortName = new Map<string, Record<string, unknown>[]>();
  for (const model of models) {
    const raw = typeof model.shortName === 'string' ? model.shortName : typeof model.name === 'string' ? model.name : undefined;
    if (raw === undefined) continue;
    const key = squash(raw);
    byShortName.set(key, [...(byShortName.get(key) ?? []), model]);
  }
  const problems: string[] = [];
  for (const row of rows) {
    const candidates = byShortName.get(row.shortName);
    if (!candidates) {
      problems.push(`"${row.shortName}" is in the table but not in the payload`);
      continue;
    }
    if (row.index === null) continue;
    const agrees = candidates.some((m) => {
      const value = m.intelligenceIndex;
      const estimated = m.intelligenceIndexIsEstimated;
      return (
        typeof value === 'number' &&
        roundHalfUp(value, row.decimals) === row.index &&
        (typeof estimated !== 'boolean' || estimated === row.estimated)
      );
    });
    if (!agrees) {
      const payload = candidates
        .map((m) => `${String(m.intelligenceIndex)}${m.intelligenceIndexIsEstimated === true ? ' (estimated)' : ''}`)
        .join(', ');
      problems.push(`"${row.shortName}": the table shows ${row.cell}, the payload has ${payload}`);
    }
  }
  return problems;
}
