import type { Entry } from '../artifact/schema.js';
import type { OpenRouterEndpointRecord, OpenRouterModelRecord } from '../domain/records.js';

/** Price, speed and availability of one model, each with the source of the number (SPEC §4.4). */
export interface MarketFacts {
  readonly price: Entry['price'];
  readonly throughput: Entry['throughput'];
  readonly available: boolean;
  readonly availability: Entry['availability'];
  readonly providers?: Entry['providers'];
}

/** OpenRouter status 0 is OK; negative values mean degraded or disabled. */
function isOk(endpoint: OpenRouterEndpointRecord): boolean {
  return endpoint.status === 0 || endpoint.status === null;
}

/**
 * With endpoint telemetry for the model: the lowest prompt price and the best p50 throughput
 * among its OK endpoints, and available when at least one endpoint is OK. Without it: the
 * model's list price, AA's median speed, and available because OpenRouter lists the model.
 */
export function marketFacts(
  model: OpenRouterModelRecord,
  endpoints: readonly OpenRouterEndpointRecord[] | undefined,
  aaSpeed: number | null,
): MarketFacts {
  const listPrice = priceOf(model.promptPricePerM, model.completionPricePerM, 'openrouter-models');
  const aaThroughput: Entry['throughput'] =
    aaSpeed && aaSpeed > 0 ? { p50: roundSpeed(aaSpeed), source: 'artificial-analysis' } : { p50: null, source: null };
  if (!endpoints || endpoints.length === 0) {
    return {
      price: listPrice,
      throughput: aaThroughput,
      available: true,
      availability: { source: 'openrouter-models', okEndpoints: null, endpoints: null },
    };
  }
  const ok = endpoints.filter(isOk);
  const cheapest = ok
    .filter((e) => e.promptPricePerM !== null)
    .sort(
      (a, b) =>
        (a.promptPricePerM as number) - (b.promptPricePerM as number) ||
        (a.completionPricePerM ?? Infinity) - (b.completionPricePerM ?? Infinity),
    )[0];
  const fastest = Math.max(0, ...ok.map((e) => e.throughputP50 ?? 0));
  return {
    price: cheapest ? priceOf(cheapest.promptPricePerM, cheapest.completionPricePerM, 'openrouter-endpoints') : listPrice,
    throughput: fastest > 0 ? { p50: roundSpeed(fastest), source: 'openrouter-endpoints' } : aaThroughput,
    available: ok.length > 0,
    availability: { source: 'openrouter-endpoints', okEndpoints: ok.length, endpoints: endpoints.length },
    ...(ok.length > 0 ? { providers: providerTags(ok) } : {}),
  };
}

/** Display name → its endpoints' tags, both sorted, so the same endpoints always hash the same. */
function providerTags(endpoints: readonly OpenRouterEndpointRecord[]): NonNullable<Entry['providers']> {
  const tags = new Map<string, Set<string>>();
  for (const e of endpoints) {
    if (e.providerName === '' || e.tag === '') continue;
    let set = tags.get(e.providerName);
    if (set === undefined) tags.set(e.providerName, (set = new Set()));
    set.add(e.tag);
  }
  return Object.fromEntries([...tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, set]) => [name, [...set].sort()]));
}

function priceOf(prompt: number | null, completion: number | null, source: Entry['price']['source']): Entry['price'] {
  const blended = prompt !== null && completion !== null ? round6((3 * prompt + completion) / 4) : null;
  return { promptPerM: prompt, completionPerM: completion, blendedPerM: blended, source };
}

/**
 * p50 throughput moves every half hour; two significant digits keep that noise from minting a
 * new shortlist version on every sync while keeping the order of models that really differ.
 */
export function roundSpeed(tokensPerSecond: number): number {
  return Number(tokensPerSecond.toPrecision(2));
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
