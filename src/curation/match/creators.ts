import { normalForm } from './name-keys.js';

/**
 * AA model creator → OpenRouter author(s). The legacy AA API sent the creator's slug, the current
 * one only its display name, so both are keys (names in normal form). A creator may publish under
 * more than one OpenRouter author: Meta's Llama models live under `meta-llama`, its Muse models
 * under `meta`. A creator not listed here is assumed to use its own slug (or its name in normal
 * form) as the author, which holds for anthropic, openai, google, deepseek, minimax, nvidia, …
 * A wrong guess costs a missed match, never a wrong one: matches require the same author.
 */
const BY_SLUG: Readonly<Record<string, readonly string[]>> = {
  kimi: ['moonshotai'],
  zai: ['z-ai'],
  xai: ['x-ai'],
  meta: ['meta-llama', 'meta'],
  mistral: ['mistralai'],
  alibaba: ['qwen'],
  aws: ['amazon'],
  azure: ['microsoft'],
  'nous-research': ['nousresearch'],
  ai2: ['allenai'],
  liquidai: ['liquid'],
  bytedance_seed: ['bytedance-seed'],
  'reka-ai': ['rekaai'],
  nex: ['nex-agi'],
  ibm: ['ibm-granite'],
  'thinking-machines': ['thinkingmachines'],
  longcat: ['meituan'],
  kwaikat: ['kwaipilot'],
  arcee: ['arcee-ai'],
  'ai21-labs': ['ai21'],
  'prime-intellect': ['prime-intellect'],
};

/** Display names in normal form ("Z AI" → `z-ai`, "SpaceXAI" → `spacexai`). */
const BY_NAME: Readonly<Record<string, readonly string[]>> = {
  kimi: ['moonshotai'],
  'moonshot-ai': ['moonshotai'],
  'z-ai': ['z-ai'],
  xai: ['x-ai'],
  spacexai: ['x-ai'],
  meta: ['meta-llama', 'meta'],
  mistral: ['mistralai'],
  alibaba: ['qwen'],
  amazon: ['amazon'],
  microsoft: ['microsoft'],
  'microsoft-azure': ['microsoft'],
  'nous-research': ['nousresearch'],
  'allen-institute-for-ai': ['allenai'],
  'liquid-ai': ['liquid'],
  'bytedance-seed': ['bytedance-seed'],
  'reka-ai': ['rekaai'],
  'nex-agi': ['nex-agi'],
  ibm: ['ibm-granite'],
  'thinking-machines': ['thinkingmachines'],
  longcat: ['meituan'],
  kwaikat: ['kwaipilot'],
  arcee: ['arcee-ai'],
  'arcee-ai': ['arcee-ai'],
  'ai21-labs': ['ai21'],
  inclusionai: ['inclusionai'],
};

/**
 * Extra spellings of an author that appear as a redundant prefix of model slugs (`xai-…`,
 * `zai-…`); `stripAuthorPrefix` removes any of them on both sides alike.
 */
const PREFIX_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  'x-ai': ['xai'],
  'z-ai': ['zai'],
  'meta-llama': ['meta'],
};

/** The OpenRouter authors an AA creator may publish under; empty when AA names no creator. */
export function authorsFor(creatorSlug: string | null, creatorName: string | null): string[] {
  const authors = new Set<string>();
  const slug = creatorSlug?.trim().toLowerCase() || null;
  const name = creatorName ? normalForm(creatorName) : null;
  for (const author of (slug && BY_SLUG[slug]) || []) authors.add(author);
  for (const author of (name && BY_NAME[name]) || []) authors.add(author);
  if (authors.size === 0) {
    if (slug) authors.add(normalForm(slug));
    if (name) authors.add(name);
  }
  return [...authors];
}

/** The spellings stripped as a redundant prefix for models of `author`, longest first. */
export function prefixSpellings(author: string): string[] {
  return [author, ...(PREFIX_SPELLINGS[author] ?? [])].sort((a, b) => b.length - a.length);
}
