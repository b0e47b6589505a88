/**
 * The effort vocabularies file, `data/effort-vocabularies.json`: how a provider family's own
 * names for its reasoning levels (the names AA's rows carry, "Max Effort") map onto OpenRouter's
 * effort names, where the two differ. Schema for editors: `data/effort-vocabularies.schema.json`.
 *
 * {
 *   "$schema": "./effort-vocabularies.schema.json",
 *   "version": 1,
 *   "vocabularies": [
 *     { "family": "DeepSeek V4",
 *       "models": "deepseek/deepseek-v4-flash",   // an OpenRouter id, or a prefix ending in "*"
 *       "native": "max",                          // the provider's level, as AA names the row
 *       "openrouter": "xhigh",                    // the OpenRouter effort that requests it
 *       "source": "https://…",                    // where the mapping is documented
 *       "reason": "why this is the same configuration" }
 *   ]
 * }
 *
 * Matching reads a row only when AA's level is not among the model's `supported_efforts`; a
 * row never overrides an effort OpenRouter offers by name. Problems are reported like those of
 * the curation file, all at once, with file, line and field path.
 */
import { z } from 'zod';
import { EFFORTS } from './match/effort.js';
import { parseValidatedJson, required, type Problem } from './validated-json.js';

const MODELS = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*\*?$/;
const LEVELS = EFFORTS.filter((effort) => effort !== 'none');

const text = z.string({ error: required('must be a string') }).refine((value) => value.trim().length > 0, { message: 'must not be empty' });

const Vocabulary = z
  .strictObject({
    family: text,
    models: z
      .string({ error: required('must be a string') })
      .regex(MODELS, 'must be an OpenRouter id "author/slug", or a prefix of one ending in "*" ("deepseek/deepseek-v4-*")'),
    native: z.enum(LEVELS, {
      error: (issue) =>
        issue.input === undefined ? 'required' : `unknown level ${JSON.stringify(issue.input)} (expected ${LEVELS.join(', ')})`,
    }),
    openrouter: z.enum(EFFORTS, {
      error: (issue) =>
        issue.input === undefined
          ? 'required'
          : `unknown OpenRouter effort ${JSON.stringify(issue.input)} (expected ${EFFORTS.join(', ')})`,
    }),
    source: z.url({ protocol: /^https$/, error: 'must be an https link to where the mapping is documented' }),
    reason: text,
  })
  .refine((row) => row.native !== row.openrouter, { message: 'native and openrouter are the same level: nothing to map' });

const VocabularyFileSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1, {
    error: (issue) =>
      issue.input === undefined ? 'required' : `unsupported version ${JSON.stringify(issue.input)} (this build reads version 1)`,
  }),
  vocabularies: z.array(Vocabulary).default([]),
});

export type EffortVocabularyRow = z.output<typeof Vocabulary>;
export type EffortVocabularyFile = z.output<typeof VocabularyFileSchema>;

/** No mappings: AA's level must be one of OpenRouter's names as it is. */
export const EMPTY_VOCABULARIES: EffortVocabularyFile = { version: 1, vocabularies: [] };

/** One mapping per (models, native level): two would leave the effort to row order. */
function crossChecks(file: EffortVocabularyFile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  file.vocabularies.forEach((row, index) => {
    const key = `${row.models} ${row.native}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        path: ['vocabularies', index],
        message: `a second mapping of ${row.native} on ${row.models} (the first is vocabularies[${first}])`,
      });
    else seen.set(key, index);
  });
  return problems;
}

export function parseEffortVocabularies(textOfFile: string, origin: string): EffortVocabularyFile {
  return parseValidatedJson(
    textOfFile,
    origin,
    VocabularyFileSchema,
    crossChecks,
    'fix the listed fields; data/effort-vocabularies.schema.json describes the format',
  );
}
