import { readFileSync } from 'node:fs';
import { parseCurationFile, type CurationFile } from '../curation/curation-file.js';
import { parseEffortVocabularies, type EffortVocabularyFile } from '../curation/effort-vocabulary-file.js';
import { ParetoError } from '../errors.js';

/**
 * Reads the two hand-edited data files curation applies, `data/curation.json` and
 * `data/effort-vocabularies.json` (or the paths configured instead). Only the reading is here:
 * src/curation parses and validates the text, so it stays pure and its tests need no files.
 */

/** Reads and validates a curation file from disk. */
export function loadCurationFile(path: string): CurationFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ParetoError('config', `cannot read the curation file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseCurationFile(text, path);
}

/** Reads and validates an effort vocabularies file from disk. */
export function loadEffortVocabularies(path: string): EffortVocabularyFile {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ParetoError('config', `cannot read the effort vocabularies file ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'point PARETO_EFFORT_VOCABULARIES at a readable file, or unset it to use the bundled data/effort-vocabularies.json',
    });
  }
  return parseEffortVocabularies(content, path);
}
