import { load } from 'cheerio';
import { ParetoError } from '../../errors.js';
import { assertMostRowsValid, assertNotEmpty, assertSomeCodingIndex, createAaRowCollector } from '../artificial-analysis/collect.js';
import type { AaModelRecord, DroppedRecord } from '../types.js';
import { findModelsArray, flightText, indexVersionIn } from './flight.js';
import { crossCheck, readTable } from './table.js';
import { LEADERBOARD_SOURCE_ID } from './source-id.js';
import { leaderboardRowToApiRow } from './to-row.js';

export interface LeaderboardParseResult {
  readonly records: AaModelRecord[];
  readonly dropped: DroppedRecord[];
  readonly meta: Readonly<Record<string, string | number | boolean | null>>;
}

function layoutError(url: string, problem: string): ParetoError {
  return new ParetoError('layout', `${url}: ${problem}; the page layout has changed`, {
    source: LEADERBOARD_SOURCE_ID,
    hint: 'nothing was stored. Sync AA through the API (AA_API_KEY) or use the AA indices OpenRouter republishes; the page parser needs updating (src/sources/aa-leaderboard/readme.md)',
  });
}

/**
 * Parses the leaderboard page. Pure: no IO. It fails closed ('layout') on anything it does not
 * recognise: no flight payload or models array, no index version, no table, or a table that
 * disagrees with the payload. A wrong guess here would feed wrong scores into the shortlist.
 */
export function parseLeaderboardHtml(html: string, url: string): LeaderboardParseResult {
  const $ = load(html);
  const flight = flightText($);
  if (!flight) throw layoutError(url, 'no RSC flight payload (no self.__next_f.push([1,"…"]) script)');
  const models = findModelsArray(flight);
  if (!models) throw layoutError(url, 'no models array ([{"slug":…}] whose first row has intelligenceIndex) in the flight payload');
  // Page text without the scripts, so the version comes from what a reader sees first.
  $('script, style').remove();
  const indexVersion = indexVersionIn($('body').text(), flight);
  if (indexVersion === null) throw layoutError(url, 'no "Intelligence Index vX.Y" text, so the index version is unknown');
  const table = readTable($);
  if (!table.ok) throw layoutError(url, table.problem);
  const problems = crossCheck(table.rows, models);
  if (problems.length > 0) {
    const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
    throw layoutError(url, `the table and the payload disagree: ${problems.slice(0, 3).join('; ')}${more}`);
  }

  const collector = createAaRowCollector();
  collector.addPage(models.map(leaderboardRowToApiRow), indexVersion, 'models');
  assertNotEmpty(LEADERBOARD_SOURCE_ID, url, collector);
  assertMostRowsValid(LEADERBOARD_SOURCE_ID, url, collector);
  assertSomeCodingIndex(LEADERBOARD_SOURCE_ID, url, collector.records);
  return {
    records: collector.records,
    dropped: collector.dropped,
    meta: {
      shape: 'leaderboard',
      route: 'html',
      tier: null,
      indexVersion,
      pages: 1,
      rows: collector.counts.rows,
      tableRowsChecked: table.rows.length,
    },
  };
}
