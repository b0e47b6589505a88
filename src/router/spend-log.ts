/**
 * What `pareto serve`'s request lines say a client spent, read back from its log (`pareto
 * spend`): the line app.ts writes per request, in the text or the JSON log format, its fields
 * `key=value` with `-` for none and a quoted JSON string for a model name of unusual characters.
 * Pure: lines in, sums out; the figures are OpenRouter's own (`usage.cost`, the tokens).
 */
export interface RequestRecord {
  /** When it was logged, ms since the epoch: JSON lines carry it, text lines do not (null). */
  readonly time: number | null;
  readonly client: string;
  readonly model: string;
  readonly promptTokens: number | null;
  readonly cachedTokens: number | null;
  readonly completionTokens: number | null;
  readonly cost: number | null;
}

export type SpendGrouping = 'client' | 'model' | 'client,model';
export const SPEND_GROUPINGS: readonly SpendGrouping[] = ['client', 'model', 'client,model'];

export interface SpendRow {
  /** null where the grouping leaves it out. */
  readonly client: string | null;
  readonly model: string | null;
  readonly requests: number;
  readonly promptTokens: number;
  readonly cachedTokens: number;
  readonly completionTokens: number;
  /** USD. */
  readonly cost: number;
}

/** A request line of the router's log as its figures; null for any other line. */
export function requestRecord(line: string): RequestRecord | null {
  const logged = messageOf(line.trim());
  if (logged === null || !logged.message.startsWith('request id=')) return null;
  const { message } = logged;
  const fields = new Map<string, string>();
  for (const m of message.matchAll(FIELD)) fields.set(m[1]!, m[2]!.startsWith('"') ? jsonString(m[2]!) : m[2]!);
  if (!fields.has('router_model')) return null; // another line about a request, not its own
  const text = (key: string) => {
    const value = fields.get(key);
    return value === undefined || value === '-' ? null : value;
  };
  const number = (key: string) => {
    const value = text(key);
    const n = value === null ? Number.NaN : Number(value);
    return Number.isFinite(n) && n >= 0 ? n : null;
  };
  return {
    time: logged.time,
    client: text('client') ?? '-',
    model: text('model') ?? '-',
    promptTokens: number('prompt_tokens'),
    cachedTokens: number('cached_tokens'),
    completionTokens: number('completion_tokens'),
    cost: number('cost'),
  };
}

/** `key=value`, the value a JSON string (the log quotes a model name of other characters) or a token. */
const FIELD = /(?:^|\s)(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g;

/** The message of a text line (`info request …`) or of a JSON line (its `msg`, and its `time`). */
function messageOf(line: string): { message: string; time: number | null } | null {
  if (line.startsWith('{')) {
    try {
      const value = JSON.parse(line) as { msg?: unknown; time?: unknown };
      if (typeof value.msg !== 'string') return null;
      const time = typeof value.time === 'string' ? Date.parse(value.time) : Number.NaN;
      return { message: value.msg, time: Number.isNaN(time) ? null : time };
    } catch {
      return null;
    }
  }
  const space = line.indexOf(' ');
  return space < 0 ? null : { message: line.slice(space + 1), time: null };
}

function jsonString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted;
  }
}

/** Sums requests by the grouping, most costly first; `total` adds every request up. */
export function createSpendTally(grouping: SpendGrouping) {
  const rows = new Map<string, Mutable<SpendRow>>();
  const total: Mutable<SpendRow> = emptyRow(null, null);
  const add = (row: Mutable<SpendRow>, r: RequestRecord) => {
    row.requests++;
    row.promptTokens += r.promptTokens ?? 0;
    row.cachedTokens += r.cachedTokens ?? 0;
    row.completionTokens += r.completionTokens ?? 0;
    row.cost += r.cost ?? 0;
  };
  return {
    add(r: RequestRecord): void {
      const client = grouping === 'model' ? null : r.client;
      const model = grouping === 'client' ? null : r.model;
      const key = `${client}\u0000${model}`;
      let row = rows.get(key);
      if (row === undefined) rows.set(key, (row = emptyRow(client, model)));
      add(row, r);
      add(total, r);
    },
    rows: (): SpendRow[] => [...rows.values()].sort((a, b) => b.cost - a.cost || b.requests - a.requests),
    total: (): SpendRow => ({ ...total }),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function emptyRow(client: string | null, model: string | null): Mutable<SpendRow> {
  return { client, model, requests: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, cost: 0 };
}
