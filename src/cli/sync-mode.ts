import path from 'node:path';
import { ParetoError } from '../errors.js';
import { readRecordingDir } from '../pipeline/recording.js';
import type { SyncMode } from '../pipeline/sync.js';
import { packageRoot } from '../util/package-root.js';
import type { CommandContext } from './context.js';
import type { Io } from './io.js';

/**
 * `--sample` / `--from DIR` replay a recording; otherwise the sync is live over HTTP. The HTTP
 * client (got) is imported only for a live sync.
 */
export async function syncModeFromFlags(
  ctx: CommandContext,
  io: Io,
  flags: { sample?: boolean | undefined; from?: string | undefined },
): Promise<{ mode: SyncMode; replayDir: string | undefined }> {
  if (flags.sample && flags.from) throw new ParetoError('usage', 'pass either --sample or --from DIR, not both');
  const replayDir = flags.sample ? path.join(packageRoot(), 'data', 'sample') : flags.from ? path.resolve(io.cwd, flags.from) : undefined;
  if (replayDir) return { mode: { kind: 'replay', recordings: readRecordingDir(replayDir) }, replayDir };
  const c = ctx.config;
  const { createHttpClient } = await import('../http/client.js');
  const http = createHttpClient({
    timeoutMs: c.httpTimeoutMs,
    retries: c.httpRetries,
    maxRetryAfterSeconds: c.maxRetryAfterSeconds,
    redact: c.redact,
  });
  return { mode: { kind: 'live', http }, replayDir };
}
