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
  if (positionals.length === 0)
    throw new ParetoError('usage', 'pareto spend: name the log file(s) of `pareto serve` to read (- for standard input)', {
      hint: 'e.g. `pareto serve --json 2>> router.log`, then `pareto spend router.log`',
    });
  const tally = createSpendTally(grouping);
  let lines = 0;
  for (const name of positionals) {
    for await (const line of linesOf(name === '-' ? process.stdin : openLog(path.resolve(io.cwd, name), name))) {
      lines++;
      const record = requestRecord(line);
      if (record !== null) tally.add(record);
    }
  }
  const rows = tally.rows();
  const total = tally.total();
  if (values.json) {
    printJson(io, { grouping, lines, requests: total.requests, rows, total });
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
