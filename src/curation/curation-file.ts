/**
 * The curation file, `data/curation.json`: the human decisions matching and the shortlist apply.
 * Schema for editors: `data/curation.schema.json` (keep both in step).
 *
 * {
 *   "$schema": "./curation.schema.json",   // optional, for editors
 *   "version": 1,
 *   "aliases": [                      // AA row → OpenRouter (model, effort), applied as given
 *     { "aaId": "<AA row uuid>",      // exactly one of aaId / aaSlug; aaId is stable, AA re-points slugs
 *       "aaSlug": "<AA slug>",
 *       "aaName": "Claude 4 Sonnet (Reasoning)",   // optional, documentation only
 *       "model": "anthropic/claude-sonnet-4",      // author/slug, no :variant
 *       "effort": null,               // max | xhigh | high | medium | low | minimal | none | null (model default)
 *       "reason": "why this is right" }
 *   ],
 *   "pins": [                         // force an entry into a tier
 *     { "model": "author/slug", "effort": "high", "tier": "high" | "medium" | "low", "reason": "…" }
 *   ],
 *   "exclusions": [                   // keep an entry (or every effort of a model) off the shortlist
 *     { "model": "author/slug", "effort": "low", "reason": "…" }   // effort absent = every effort
 *   ]
 * }
 *
 * Precedence in matching (SPEC §4.2): AA's own openrouter_api_id, then an alias, then the normal
 * form, then token proposals. An alias therefore overrides (fixes) a normal-form match of the same
 * row. Pins and exclusions are not matching rules; the shortlist builder applies them.
 *
 * Every problem is reported with the file, the line and the field path, all at once:
 * `data/curation.json:14: aliases[2].reason: required`.
 */
import { z } from 'zod';
import { EFFORTS } from './match/effort.js';
import { parseValidatedJson, required, type Problem } from './validated-json.js';

export const TIERS = ['high', 'medium', 'low'] as const;
export type Tier = (typeof TIERS)[number];

const MODEL_ID = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/;

const modelId = z.string({ error: required('must be a string "author/slug"') }).superRefine((id, ctx) => {
  if (id.includes(':')) ctx.addIssue({ code: 'custom', message: 'a :variant id (:free, :batch, …) is never matched; use the base id' });
  else if (!id.includes('/')) ctx.addIssue({ code: 'custom', message: 'needs an author: "author/slug", e.g. "anthropic/claude-sonnet-4"' });
  else if (!MODEL_ID.test(id)) ctx.addIssue({ code: 'custom', message: 'must be a lower-case OpenRouter id "author/slug"' });
});

const effort = z.enum(EFFORTS, {
  error: (issue) =>
    issue.input === undefined
      ? 'required (null for the model default)'
      : `unknown effort ${JSON.stringify(issue.input)} (expected ${EFFORTS.join(', ')} or null)`,
});

const reason = z
  .string({ error: required('must be a string') })
  .refine((text) => text.trim().length > 0, { message: 'must not be empty: say why' });

const Alias = z
  .strictObject({
    aaId: z.guid({ error: 'must be an AA row id (a UUID)' }).optional(),
    aaSlug: z.string().min(1, 'must not be empty').optional(),
    aaName: z.string().optional(),
    model: modelId,
    effort: effort.nullable(),
    reason,
  })
  .refine((alias) => (alias.aaId === undefined) !== (alias.aaSlug === undefined), {
    message: 'needs exactly one of aaId (recommended: AA re-points slugs) or aaSlug',
  });

const Pin = z.strictObject({
  model: modelId,
  effort: effort.nullable(),
  tier: z.enum(TIERS, {
    error: (issue) =>
      issue.input === undefined ? 'required' : `unknown tier ${JSON.stringify(issue.input)} (expected high, medium or low)`,
  }),
  reason,
});

const Exclusion = z.strictObject({
  model: modelId,
  effort: effort.nullable().optional(),
  reason,
});

const CurationFileSchema = z.strictObject({
  /** Lets editors find data/curation.schema.json; ignored here. */
  $schema: z.string().optional(),
  version: z.literal(1, {
    error: (issue) =>
      issue.input === undefined ? 'required' : `unsupported version ${JSON.stringify(issue.input)} (this build reads version 1)`,
  }),
  aliases: z.array(Alias).default([]),
  pins: z.array(Pin).default([]),
  exclusions: z.array(Exclusion).default([]),
});

export type CurationAlias = z.output<typeof Alias>;
export type CurationPin = z.output<typeof Pin>;
export type CurationExclusion = z.output<typeof Exclusion>;
export type CurationFile = z.output<typeof CurationFileSchema>;

/** A curation file with nothing in it: matching by rules alone. */
export const EMPTY_CURATION: CurationFile = { version: 1, aliases: [], pins: [], exclusions: [] };

/** Parses and validates the text of a curation file; `origin` names it in errors. */
export function parseCurationFile(text: string, origin: string): CurationFile {
  return parseValidatedJson(
    text,
    origin,
    CurationFileSchema,
    crossChecks,
    'fix the listed fields; data/curation.schema.json describes the format',
  ) as CurationFile;
}

/** Rules across entries: one alias per AA row, one pin per entry, no entry both pinned and excluded. */
function crossChecks(file: CurationFile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  file.aliases.forEach((alias, index) => {
    const key = alias.aaId !== undefined ? `aaId ${alias.aaId.toLowerCase()}` : `aaSlug ${alias.aaSlug}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ path: ['aliases', index], message: `a second alias for the AA row with ${key} (the first is aliases[${first}])` });
    else seen.set(key, index);
  });
  const pinned = new Map<string, number>();
  file.pins.forEach((pin, index) => {
    const key = `${pin.model} @ ${pin.effort ?? 'default'}`;
    const first = pinned.get(key);
    if (first !== undefined) problems.push({ path: ['pins', index], message: `${key} is already pinned by pins[${first}]` });
    else pinned.set(key, index);
  });
  file.exclusions.forEach((exclusion, index) => {
    const clash = file.pins.findIndex(
      (pin) => pin.model === exclusion.model && (exclusion.effort === undefined || pin.effort === exclusion.effort),
    );
    if (clash >= 0) problems.push({ path: ['exclusions', index], message: `excludes ${exclusion.model}, which pins[${clash}] pins` });
  });
  return problems;
}
