import { normalForm } from './name-keys.js';

/** OpenRouter's reasoning-effort vocabulary, highest first. */
export const EFFORTS = ['max', 'xhigh', 'high', 'medium', 'low', 'minimal', 'none'] as const;
export type Effort = (typeof EFFORTS)[number];

export function isEffort(value: unknown): value is Effort {
  return typeof value === 'string' && (EFFORTS as readonly string[]).includes(value);
}

/**
 * What an AA row says about its reasoning configuration, read from the slug suffix and the name.
 *
 * AA lists one row per configuration and marks it two ways:
 * - the slug suffix: `-xhigh`, `-high`, `-medium`, `-low`, `-minimal`, `-max`, `-thinking`,
 *   `-reasoning`, `-adaptive`, `-non-reasoning`, and compounds (`-non-reasoning-low-effort`,
 *   `-reasoning-low`), sometimes before a date (`-reasoning-04-2025`);
 * - the name's parenthetical: "(xhigh)", "(high)", "(Reasoning)", "(Non-reasoning)",
 *   "(Adaptive Reasoning, Max Effort)", "(Reasoning, High Effort)", "(Non-reasoning, Low Effort)".
 *
 * Rules:
 * 1. The name decides whether a row is marked at all. A slug suffix is only an effort marker when
 *    the name has an effort parenthetical: "Kimi K2 Thinking" (`kimi-k2-thinking`) and
 *    "Qwen3 Max" (`qwen3-max`) are model names, not a thinking/max configuration of Kimi K2 or Qwen3.
 * 2. A bare slug is not the default effort: `gpt-5-5` is "GPT-5.5 (xhigh)", `claude-opus-5` is
 *    "(Adaptive Reasoning, Max Effort)". The level comes from the name.
 * 3. Levels map one to one (max, xhigh, high, medium, low, minimal; "Xhigh Effort" = xhigh).
 * 4. "Non-reasoning" is effort `none`, whatever level stands beside it: in
 *    "(Non-reasoning, High Effort)" the level is Anthropic's output effort, not a reasoning effort.
 * 5. "Reasoning", "Adaptive Reasoning", "thinking" without a level mean reasoning on at the
 *    provider's default level; see `effortFor` for what that becomes on OpenRouter.
 * 6. Slug and name must agree (a slug `-low` with a name "(high)" is a conflict, never resolved
 *    by picking one); other parts of an effort parenthetical ("Opus 4.8 Fallback") are notes.
 * 7. No marker at all: effort null, the model's default.
 */
export interface EffortMarkers {
  /** The slug without its effort suffix (a trailing date stays): the AA model's family key. */
  readonly slugBase: string;
  /** The whole slug in normal form; differs from slugBase when a suffix was stripped. */
  readonly slugFull: string;
  /** The name without effort parentheticals, in normal form; other parentheticals stay. */
  readonly nameBase: string;
  readonly level: Effort | null;
  /** 'on': a reasoning marker; 'off': non-reasoning; null: not said. */
  readonly reasoning: 'on' | 'off' | null;
  /** Set when the slug and the name disagree. */
  readonly conflict: string | null;
}

const LEVELS: Readonly<Record<string, Effort>> = {
  max: 'max',
  maximum: 'max',
  xhigh: 'xhigh',
  'x-high': 'xhigh',
  high: 'high',
  medium: 'medium',
  low: 'low',
  minimal: 'minimal',
};

interface Reading {
  level: Effort | null;
  reasoning: 'on' | 'off' | null;
  marked: boolean;
}

/** One part of a parenthetical ("Max Effort", "Adaptive Reasoning", "Non-reasoning"). */
function readPart(part: string, into: Reading): boolean {
  const words = normalForm(part);
  if (/^non-?reasoning$/.test(words)) return set(into, null, 'off');
  if (/^(?:adaptive-)?(?:reasoning|thinking)$/.test(words)) return set(into, null, 'on');
  const level = /^([a-z-]+?)(?:-effort)?$/.exec(words)?.[1];
  if (level && LEVELS[level]) return set(into, LEVELS[level], null);
  return false;
}

function set(into: Reading, level: Effort | null, reasoning: 'on' | 'off' | null): true {
  if (level) into.level = level;
  if (reasoning && into.reasoning !== 'off') into.reasoning = reasoning;
  into.marked = true;
  return true;
}

/** Reads the name: effort parentheticals are consumed, every other parenthetical stays in the key. */
function readName(name: string): { base: string; reading: Reading } {
  const reading: Reading = { level: null, reasoning: null, marked: false };
  const base = name.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    const parts = inner
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const probe: Reading = { level: null, reasoning: null, marked: false };
    const known = parts.filter((part) => readPart(part, probe));
    if (known.length === 0) return whole;
    for (const part of known) readPart(part, reading);
    return ' ';
  });
  return { base: normalForm(base), reading };
}

const MODE_TOKENS = new Set(['reasoning', 'thinking', 'adaptive', 'effort']);
const TRAILING_DATE = /^(.*?)(-(?:\d{4}|\d{2}-\d{4}|\d{2}-\d{2}|\d{8}))$/;

/**
 * Splits `claude-sonnet-4-6-non-reasoning-low-effort` into base and effort tokens. A level word
 * is only taken as a marker when the name states a level too: `qwen3-max` stays whole.
 */
function splitSlug(slugFull: string, name: Reading): { base: string; tokens: string[] } {
  const dated = TRAILING_DATE.exec(slugFull);
  const body = dated ? (dated[1] as string) : slugFull;
  const date = dated ? (dated[2] as string) : '';
  const parts = body.split('-');
  let cut = parts.length;
  while (cut > 1) {
    const token = parts[cut - 1] as string;
    if (token === 'reasoning' && parts[cut - 2] === 'non' && cut > 2) cut -= 2;
    else if (MODE_TOKENS.has(token) || (LEVELS[token] && name.level !== null)) cut -= 1;
    else break;
  }
  if (cut === parts.length) return { base: slugFull, tokens: [] };
  return { base: parts.slice(0, cut).join('-') + date, tokens: parts.slice(cut) };
}

function readSlugTokens(tokens: readonly string[]): Reading {
  const reading: Reading = { level: null, reasoning: null, marked: tokens.length > 0 };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as string;
    if (token === 'non' && tokens[i + 1] === 'reasoning') {
      reading.reasoning = 'off';
      i += 1;
    } else if (token === 'reasoning' || token === 'thinking' || token === 'adaptive') {
      if (reading.reasoning !== 'off') reading.reasoning = 'on';
    } else if (LEVELS[token]) {
      reading.level = LEVELS[token] as Effort;
    }
  }
  return reading;
}

export function readEffortMarkers(slug: string, name: string): EffortMarkers {
  const slugFull = normalForm(slug);
  const { base: nameBase, reading: fromName } = readName(name);
  const split = splitSlug(slugFull, fromName);
  // Rule 1: without an effort parenthetical in the name, a suffix is part of the model's name.
  const useSuffix = fromName.marked && split.tokens.length > 0;
  const fromSlug = useSuffix ? readSlugTokens(split.tokens) : { level: null, reasoning: null, marked: false };
  const slugBase = useSuffix ? split.base : slugFull;

  let conflict: string | null = null;
  // Levels are compared only where reasoning is on: "(Non-reasoning, Low Effort)" has no reasoning level.
  const off = fromName.reasoning === 'off' || fromSlug.reasoning === 'off';
  if (fromSlug.level && fromName.level && fromSlug.level !== fromName.level && !off) {
    conflict = `the slug says ${fromSlug.level} but the name says ${fromName.level}`;
  }
  if ((fromSlug.reasoning === 'off' && fromName.reasoning === 'on') || (fromSlug.reasoning === 'on' && fromName.reasoning === 'off')) {
    conflict = `the slug says ${fromSlug.reasoning === 'off' ? 'non-reasoning' : 'reasoning'} but the name says ${fromName.reasoning === 'off' ? 'non-reasoning' : 'reasoning'}`;
  }
  const reasoning = off ? 'off' : (fromName.reasoning ?? fromSlug.reasoning);
  const level = off ? null : (fromName.level ?? fromSlug.level);
  return { slugBase, slugFull, nameBase, level, reasoning, conflict };
}
