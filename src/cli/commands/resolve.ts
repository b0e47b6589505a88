import { ParetoError } from '../../errors.js';
import { createResolver, isResolveError, type ChainEntry, type Resolution, type RouteRequest } from '../../resolver/index.js';
import { parseFlags } from '../args.js';
import { resolveSpec } from '../specs/resolve.js';
import { configFromFlags } from '../config-from-flags.js';
import { printJson, type Io } from '../io.js';
import { readPublished } from '../published.js';
import { renderTable, type Cell } from '../table.js';

export async function resolveCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, resolveSpec, 'resolve');
  const config = configFromFlags(io, values);
  const plugin: Record<string, unknown> = { id: 'pareto-router' };
  const score = numberFlag(values['min-coding-score'], '--min-coding-score');
  if (score !== undefined) plugin.min_coding_score = score;
  const cap = numberFlag(values['max-price'], '--max-price');
  if (cap !== undefined) plugin.max_price = cap;
  if (values['price-source'] !== undefined && cap === undefined) {
    throw new ParetoError('usage', '--price-source only applies with --max-price', {
      hint: 'e.g. `pareto resolve --max-price 1 --price-source blended`',
    });
  }
  if (values['price-source'] !== undefined) plugin.price_source = values['price-source'];
  const request: RouteRequest = {
    model: values.nitro ? 'openrouter/pareto-code:nitro' : 'openrouter/pareto-code',
    plugins: [plugin],
    ...(values.session !== undefined ? { session_id: values.session } : {}),
  };
  const shortlist = readPublished(config, values.shortlist ?? 'latest');
  const resolution = inFlagTerms(() => createResolver(shortlist).resolve(request));
  if (values.json) printJson(io, resolution);
  else io.stdout(render(resolution, values.explain ?? false, io.columns));
  return 0;
}

/** The request fields the flags set: errors name the flag the user typed, not the API field. */
const FLAG_OF: Readonly<Record<string, string>> = {
  min_coding_score: '--min-coding-score',
  max_price: '--max-price',
  price_source: '--price-source',
  session_id: '--session',
};

function inFlagTerms<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!isResolveError(error)) throw error;
    const rename = (text: string) => text.replace(/\b(min_coding_score|max_price|price_source|session_id)\b/g, (field) => FLAG_OF[field]!);
    throw new ParetoError(error.code, rename(error.message), error.hint === undefined ? {} : { hint: rename(error.hint) });
  }
}

/** CLI flags are text: a number is converted, anything else is an error naming the flag. */
function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) {
    throw new ParetoError('usage', `${flag} must be a number, got "${value}"`);
  }
  return Number(value);
}

function render(r: Resolution, explain: boolean, width = Infinity): string {
  const where =
    r.mode === 'max_price'
      ? `max_price ${r.config.max_price} (${r.config.price_source})`
      : `tier ${r.tier}${r.stepped ? ` (requested ${r.requestedTier}, stepped)` : ''}`;
  const chain = renderTable(
    ['', 'model', 'effort', '$/1M in', 'tok/s', 'pct'],
    [entry('primary', r.primary), ...r.fallbacks.map((f) => entry('fallback', f))],
    width,
  );
  const lines = [`shortlist v${r.version} · ${where} · ${r.variant}${r.sticky ? ' · sticky' : ''}`, chain];
  if (r.stepped) lines.push(`step: ${r.stepped.from} → ${r.stepped.to}: ${r.stepped.reason}`);
  if (explain) lines.push('', r.explain);
  return `${lines.join('\n')}\n`;
}

function entry(role: string, e: ChainEntry): Cell[] {
  return [role, e.model, e.effort ?? 'default', e.price, e.throughput, e.percentile];
}
