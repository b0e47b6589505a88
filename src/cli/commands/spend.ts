import { createReadStream, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ParetoError } from '../../errors.js';
import { createSpendTally, requestRecord, SPEND_GROUPINGS, type SpendGrouping, type SpendRow } from '../../router/spend-log.js';
import { parseFlags } from '../args.js';
import { printJson, type Io } from '../io.js';
import { spendSpec } from '../specs/spend.js';
import { renderTable } from '../table.js';

/** `pareto spend FILE…`: the router's request lines, summed by client and model. Logs are read a line at a time. */
export async function spendCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, spendSpec, 'spend');
  const grouping = groupingOf(values.by);
  const since = timeFlag(values.since, '--since');
  const until = timeFlag(values.until, '--until');
  const windowed = since !== null || until !== null;
  if (positionals.length === 0)
    throw new ParetoError('usage', 'pareto spend: name the log file(s) of `pareto serve` to read (- for standard input)', {
      hint: 'e.g. `pareto serve --json 2>> router.log`, then `pareto spend router.log`',
    });
  // Every file opened before any is read: a missing second file fails at once, not after the first.
  const inputs = positionals.map((name) => (name === '-' ? process.stdin : openLog(path.resolve(io.cwd, name), name)));
  const inWindow = (time: number) => (since === null || time >= since) && (until === null || time < until);
  const tally = createSpendTally(grouping);
  let lines = 0;
  let untimed = 0;
  for (const input of inputs) {
    for await (const line of linesOf(input)) {
      lines++;
      const record = requestRecord(line);
      if (record === null) continue;
      if (!windowed) tally.add(record);
      else if (record.time === null) untimed++;
      else if (inWindow(record.time)) tally.add(record);
    }
  }
  // A window cannot place a line without a time: say how many were left out, never drop them silently.
  if (untimed > 0)
    io.stderr(
      `pareto spend: ${untimed} request line${untimed === 1 ? '' : 's'} without a time (text logs) left out of the window; log with --json to keep the time\n`,
    );
  const rows = tally.rows();
  const total = tally.total();
  if (values.json) {
    printJson(io, {
      grouping,
      since: since === null ? null : new Date(since).toISOString(),
      until: until === null ? null : new Date(until).toISOString(),
      lines,
      untimed,
      requests: total.requests,
      rows,
      total,
    });
    return 0;
  }
  if (total.requests === 0) {
    io.stdout(`no request lines of \`pareto serve\` in ${lines} line${lines === 1 ? '' : 's'} read\n`);
    return 0;
  }
  const headers = [
    ...(grouping === 'model' ? [] : ['client']),
    ...(grouping === 'client' ? [] : ['model']),
    'requests',
    'prompt tokens',
    'cached',
    'completion tokens',
    'cost USD',
  ];
  const cells = (r: SpendRow, label: string | null) => [
    ...(grouping === 'model' ? [] : [label ?? r.client]),
    ...(grouping === 'client' ? [] : [label === null ? r.model : '']),
    r.requests,
    r.promptTokens,
    r.cachedTokens,
    r.completionTokens,
    Number(r.cost.toFixed(6)),
  ];
  io.stdout(`${renderTable(headers, [...rows.map((r) => cells(r, null)), cells(total, 'total')], io.columns)}\n`);
  return 0;
}

/** A date (`2026-12-01`, midnight) or an ISO time, in UTC unless it names its offset, as ms; null when absent. */
function timeFlag(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  // Date.parse reads a time without an offset as local time, a date alone as UTC: one rule for both.
  const ms = match ? Date.parse(match[2] === undefined ? match[1]! : `${match[1]}T${match[2]}${match[3] ?? 'Z'}`) : Number.NaN;
  if (Number.isNaN(ms))
    throw new ParetoError('usage', `pareto spend: ${flag} takes a date or an ISO time, got "${value}"`, {
      hint: 'e.g. --since 2026-12-01 --until 2026-12-01T12:00 (UTC unless the time names its offset, as in 12:00+01:00)',
    });
  return ms;
}

function groupingOf(value: string | undefined): SpendGrouping {
  if (value === undefined) return 'client,model';
  const grouping = SPEND_GROUPINGS.find((g) => g === value.replace(/\s+/g, ''));
  if (grouping === undefined)
    throw new ParetoError('usage', `pareto spend: --by must be one of ${SPEND_GROUPINGS.join(', ')}, got "${value}"`);
  return grouping;
}

/** The file as a stream; one that cannot be read is an error naming it and why, not a stack trace. */
function openLog(file: string, name: string): Readable {
  let fd: number;
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ParetoError('usage', `pareto spend: cannot read ${name} (${(error as { code?: string }).code ?? (error as Error).message})`, {
      hint: 'name a log file of `pareto serve` that exists and can be read, or - for standard input',
    });
  }
  return createReadStream('', { fd });
}

function linesOf(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Infinity });
}
