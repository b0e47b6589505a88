import type { MetricFamily } from './metrics.js';

/**
 * The metrics of a router that runs as several worker processes, as one scrape (pure): each
 * worker's families, added up series by series the way each family says (`merge`). Prometheus
 * reaches one worker per scrape (the connection lands on any of them), so a worker that only
 * rendered its own counters would make every rate jump between workers.
 *
 * A family or a series that only some workers have (a tier only one of them has served yet) is
 * kept with the figures of those that have it; families keep the order they first appear in.
 */
export function mergeFamilies(perWorker: ReadonlyArray<readonly MetricFamily[]>): MetricFamily[] {
  const merged = new Map<string, { family: MetricFamily; samples: Map<string, number> }>();
  for (const families of perWorker) {
    for (const family of families) {
      let into = merged.get(family.name);
      if (into === undefined) {
        into = { family, samples: new Map() };
        merged.set(family.name, into);
      }
      const combine = COMBINE[into.family.merge];
      for (const [suffix, value] of family.samples) {
        const seen = into.samples.get(suffix);
        into.samples.set(suffix, seen === undefined ? value : combine(seen, value));
      }
    }
  }
  return [...merged.values()].map(({ family, samples }) => ({ ...family, samples: [...samples] }));
}

const COMBINE: Record<MetricFamily['merge'], (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  min: Math.min,
  max: Math.max,
};
