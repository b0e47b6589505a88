import { readFileSync } from 'node:fs';
import { ParetoError } from '../errors.js';
import { describeIssues } from '../util/zod-issues.js';
import { looksTruncated } from '../util/json-errors.js';
import { consistencyProblems } from './consistency.js';
import { shortlistContentHash, shortlistEnvelopeHash } from './hash.js';
import { SCHEMA_VERSION, Shortlist } from './schema.js';

/**
 * Reads and verifies an artifact: JSON, then the strict schema, then the content hash, the
 * envelope hash (version, createdAt, sources) and, for `<N>.json`, that it holds version N. A
 * file that was cut short, hand-edited or corrupted is rejected with what is wrong, never used.
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
    throw new ParetoError(
      'schema',
      `${origin} has schemaVersion ${JSON.stringify(schemaVersion)}; this version of pareto reads schemaVersion ${SCHEMA_VERSION}`,
      {
        hint: 'use the pareto release that wrote it, or publish again with this one',
      },
    );
  }
  const parsed = Shortlist.safeParse(json);
  if (!parsed.success) {
    throw new ParetoError('schema', `${origin} is not a valid shortlist artifact: ${describeIssues(parsed.error)}`, {
      hint: 'the file does not match schema/shortlist.schema.json; restore it or publish again',
    });
  }
  const actual = shortlistContentHash(parsed.data);
  if (actual !== parsed.data.contentHash) {
    throw new ParetoError(
      'schema',
      `${origin} is tampered or corrupted: its content hashes to ${actual.slice(0, 12)}…, the file says ${parsed.data.contentHash.slice(0, 12)}…`,
      {
        hint: 'artifacts are immutable; restore it from another copy or publish a new version',
      },
    );
  }
  const envelope = parsed.data.envelopeHash;
  if (envelope !== undefined && envelope !== shortlistEnvelopeHash(parsed.data)) {
    throw new ParetoError(
      'schema',
      `${origin} is tampered or corrupted: its version, createdAt or sources were changed after publishing (envelopeHash does not match)`,
      {
        hint: 'artifacts are immutable; restore it from another copy or publish a new version',
      },
    );
  }
  // `<N>.json` must hold version N: a renamed or copied file would otherwise route as another version.
  const named = /(?:^|[/\\])([1-9]\d*)\.json$/.exec(origin.split(/[?#]/)[0]!)?.[1];
  if (named !== undefined && Number(named) !== parsed.data.version) {
    throw new ParetoError('schema', `${origin} holds version ${parsed.data.version}`, {
      hint: 'a published file was renamed or replaced; restore it from another copy',
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
    throw new ParetoError('usage', `cannot read ${file}${code ? ` (${code})` : ''}`, {
      hint: 'check the path, or list versions with `pareto shortlist --versions`',
    });
  }
  return parseShortlist(text, file);
}
