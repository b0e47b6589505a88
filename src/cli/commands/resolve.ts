import { resolveShortlist } from '../../artifact/store.js';
import { ParetoError } from '../../errors.js';
import { createResolver, type ChainEntry, type Resolution, type RouteRequest } from '../../resolver/index.js';
import { parseFlags } from '../args.js';
import { resolveSpec } from '../specs/resolve.js';
import { configFromFlags } from '../config-from-flags.js';
import { printJson, type Io } from '../io.js';

export async function resolveCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, resolveSpec, 'resolve');
  const config = configFromFlags(io, values);
  const plugin: Record<string, unknown> = { id: 'pareto-router' };
  const score = numberFlag(values['min-coding-score'], '--min-coding-score', 'min_coding_score');
  if (score !== undefined) plugin.min_coding_score = score;
  const cap = numberFlag(values['max-price'], '--max-price', 'max_price');
  if (cap !== undefined) plugin.max_price = cap;
  if (values['price-source'] !== undefined) plugin.price_source = values['price-source'];
  const request: RouteRequest = {
    model: values.nitro ? 'openrouter/pareto-code:nitro' : 'openrouter/pareto-code',
    plugins: [plugin],
    ...(values.session !== undefined ? { session_id: values.session } : {}),
  };
  const { shortlist } = resolveShortlist(config.shortlistsDir, values.shortlist ?? 'latest');
  const resolution = createResolver(shortlist).resolve(request);
  if (values.json) printJson(io, resolution);
  else io.stdout(render(resolution, values.explain ?? false));
  return 0;
}

/** CLI flags are text: a number is converted, anything else is an error naming the flag. */
function numberFlag(value: string | undefined, flag: string, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) {
    throw new ParetoError('usage', `${flag} (${field}) must be a number, got "${value}"`);
  }
  return Number(value);
}

function render(r: Resolution, explain: boolean): string {
  const where = r.mode === 'max_price' ? `max_price ${r.config.max_price} (${r.config.price_source})` : `tier ${r.tier}${r.stepped ? ` (requested ${r.requestedTier}, stepped)` : ''}`;
  const lines = [`shortlist v${r.version} · ${where} · ${r.variant}${r.sticky ? ' · sticky' : ''}`, `primary   ${entry(r.primary)}`, ...r.fallbacks.map((f) => `fallback  ${entry(f)}`)];
  if (r.stepped) lines.push(`step: ${r.stepped.from} → ${r.stepped.to}: ${r.stepped.reason}`);
  if (explain) lines.push('', r.explain);
  return `${lines.join('\n')}\n`;
}

function entry(e: ChainEntry): string {
  const price = e.price === null ? '$?' : `$${e.price}/1M in`;
  const speed = e.throughput === null ? '? tok/s' : `${e.throughput} tok/s`;
  return `${e.model} @ ${e.effort ?? 'default'}   ${price}   ${speed}   p${e.percentile}`;
}
