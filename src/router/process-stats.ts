import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ProcessStats } from './metrics.js';

/**
 * The process figures every Node service exports, under the names prom-client gives them, so
 * the dashboards and alerts teams already have for Node work on the router unchanged. Read at
 * scrape time; the event-loop delay is sampled by Node's own histogram (a timer every 20 ms;
 * the figure is the delay beyond those 20 ms) and reset at each scrape, so its quantiles describe the time since the last one. A router
 * whose event loop lags is CPU-bound: that is when to add instances.
 */
export interface ProcessStatsReader {
  read(): ProcessStats;
  stop(): void;
}

const RESOLUTION_MS = 20;

export function createProcessStats(): ProcessStatsReader {
  const loop: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  const startTimeSeconds = Math.round(Date.now() / 1000 - process.uptime());
  return {
    read() {
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      // Node records the whole interval between its timer's runs, in ns; the lag is what exceeds
      // the interval asked for. None before the first sample (a scrape right after start).
      const delay = (ns: number) => (Number.isFinite(ns) && loop.count > 0 ? Math.max(0, ns - RESOLUTION_MS * 1e6) / 1e9 : null);
      const stats: ProcessStats = {
        cpuUserSeconds: cpu.user / 1e6,
        cpuSystemSeconds: cpu.system / 1e6,
        startTimeSeconds,
        residentMemoryBytes: memory.rss,
        heapTotalBytes: memory.heapTotal,
        heapUsedBytes: memory.heapUsed,
        externalMemoryBytes: memory.external,
        eventLoopDelay: { p50: delay(loop.percentile(50)), p99: delay(loop.percentile(99)), max: delay(loop.max) },
      };
      loop.reset();
      return stats;
    },
    stop: () => loop.disable(),
  };
}
