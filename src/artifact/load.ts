import { readFileSync } from 'node:fs';
import { ParetoError } from '../errors.js';
import { describeIssues } from '../sources/parse.js';
import { looksTruncated } from '../util/json-errors.js';
import { consistencyProblems } from './consistency.js';
import { shortlistContentHash } from './hash.js';
import { SCHEMA_VERSION, Shortlist } from './schema.js';

/**
 * Reads and verifies an artifact: JSON, then the strict schema, then the content hash. A file
 * that was cut short, hand-edited or tampered with is rejected with what is wrong, never used.
 */
export function parseShortlist(text: string, origin: string): Shortlist {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const truncated = looksTruncated(error, text);
    throw new ParetoError('schema', `${origin} is ${truncated ? 'truncated' : 'not valid JSON'} (${text.length} bytes)`, {
      hint: 'restore it from another copy or publish again; artifacts are written atomically, so this one was changed after publishing',
    });
  }
  // Checked before the schema so an artifact of another format version says so, instead of
  // listing every field that changed; a file without the key gets the schema's path errors.
  const schemaVersion = json !== null && typeof json === 'object' && 'schemaVersion' in json ? json.schemaVersion : SCHEMA_VERSION;
  if (schemaVersion !== SCHEMA_VERSION) {
    throw new ParetoError('schema', `${origin} has schemaVersion ${JSON.stringify(schemaVersion)}; this version of pareto reads schemaVersion ${SCHEMA_VERSION}`, {
      hint: 'use the pareto release that wrote it, or publish again with this one',
    });
  }
  const parsed = Shortlist.safeParse(json);
  if (!parsed.success) {
    throw new ParetoError('schema', `${origin} is not a valid shortlist artifact: ${describeIssues(parsed.error)}`, {
      hint: 'the file does not match schema/shortlist.schema.json; restore it or publish again',
    });
  }
  const actual = shortlistContentHash(parsed.data);
  if (actual !== parsed.data.contentHash) {
    throw new ParetoError('schema', `${origin} is tampered or corrupted: its content hashes to ${actual.slice(0, 12)}…, the file says ${parsed.data.contentHash.slice(0, 12)}…`, {
      hint: 'artifacts are immutable; restore it from another copy or publish a new version',
    });
  }
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) {
    throw new ParetoError('schema', `${origin} is not a consistent shortlist: ${problems.slice(0, 5).join('; ')}`, {
      hint: 'shortlists are written only by `pareto publish`; restore the file from a published copy',
    });
  }
  return parsed.data;
}

export function loadShortlistFile(file: string): Shortlist {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ParetoError('usage', `cannot read ${file}${code ? ` (${code})` : ''}`, { hint: 'check the path, or list versions with `pareto shortlist --versions`' });
  }
  return parseShortlist(text, file);
}
