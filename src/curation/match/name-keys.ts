/**
 * The normal form both sides are compared in. AA writes `gpt-5-5`, `GPT-5.5 (xhigh)`,
 * `claude-4-5-sonnet`; OpenRouter writes `openai/gpt-5.5`, `anthropic/claude-sonnet-4.5` with the
 * permaslug `anthropic/claude-4.5-sonnet-20250929`. Two levels:
 *
 * - strict: lower case, every run of separators (`.`, `_`, spaces, `/`, `:` …) becomes one `-`,
 *   `+` becomes `-plus` (so "Command A+" is not "Command A"), a redundant author prefix is dropped
 *   on both sides (`nvidia-nemotron-…` vs `nvidia/nemotron-…`, `minimax-m2-5` vs `minimax/minimax-m2.5`).
 * - loose: strict, then trailing date stamps, `-preview`, `-latest` and Google's `-it` dropped,
 *   repeatedly (`gemini-2-5-flash-lite-preview-09-2025` → `gemini-2-5-flash-lite`). Loose keys
 *   collide more, so the matcher uses them only when no strict key matched, and never lets a loose
 *   match take a model that another AA model matched strictly.
 *
 * Numbers keep their separators: `claude-35-sonnet` (AA's spelling of 3.5) stays `35`, because
 * `35` may just as well be a size; AA's display name ("Claude 3.5 Sonnet") supplies `3-5`.
 */

/** Lower case, separators unified to single dashes, `+` spelled out, no leading/trailing dash. */
export function normalForm(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/\+/g, '-plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Drops `<prefix>-` when the key starts with one of the author's spellings (and more follows). */
export function stripAuthorPrefix(key: string, prefixes: readonly string[]): string {
  for (const prefix of prefixes) {
    if (key.startsWith(`${prefix}-`) && key.length > prefix.length + 1) return key.slice(prefix.length + 1);
  }
  return key;
}

/**
 * Trailing date stamps as AA and OpenRouter write them: `-20260217`, `-2025-04-14`, `-09-2025`,
 * `-04-28`, and four digits that read as a month-day (`-0424`) or year-month (`-2507`) tag.
 */
const DATE_SUFFIXES: readonly RegExp[] = [
  /-(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/,
  /-(?:19|20)\d{2}-\d{2}-\d{2}$/,
  /-(?:0[1-9]|1[0-2])-(?:19|20)\d{2}$/,
  /-\d{2}-\d{2}$/,
  /-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/,
  /-(?:2[3-9])(?:0[1-9]|1[0-2])$/,
];

const DROPPABLE_WORDS = /-(?:preview|latest|it)$/;

/** The strict key with date stamps, `-preview`, `-latest` and `-it` removed from the end. */
export function looseKey(strictKey: string): string {
  return looseParts(strictKey).key;
}

/**
 * The loose key and the digits of the date stamps it dropped (`-04-2024` → `042024`). Two keys
 * that both carried a date match loosely only when the dates agree: `command-r-plus-04-2024` is
 * not `command-r-plus-08-2024`.
 */
export function looseParts(strictKey: string): { key: string; date: string | null } {
  let key = strictKey;
  let date: string | null = null;
  for (;;) {
    const before = key;
    for (const pattern of DATE_SUFFIXES) {
      const found = pattern.exec(key);
      if (found && found.index > 0) {
        date = found[0].replace(/[^0-9]/g, '') + (date ?? '');
        key = key.slice(0, found.index);
      }
    }
    key = key.replace(DROPPABLE_WORDS, '');
    if (key === '') return { key: strictKey, date: null };
    if (key === before) return { key, date };
  }
}

/** Whether two dropped dates can name the same snapshot (`20260813` and `0813` can). */
export function datesAgree(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  return a.endsWith(b) || b.endsWith(a);
}

/**
 * Order-insensitive form of a key: its words, sorted. A run of numbers is one word, so a version
 * keeps its order: `claude-4-5-sonnet` ~ `claude-sonnet-4-5`, but `gpt-4-5` is not `gpt-5-4`.
 */
export function tokenSignature(key: string): string {
  const words: string[] = [];
  for (const part of key.split('-').filter(Boolean)) {
    const last = words[words.length - 1];
    if (/^\d+$/.test(part) && last !== undefined && /^\d+(?:-\d+)*$/.test(last)) words[words.length - 1] = `${last}-${part}`;
    else words.push(part);
  }
  return words.sort().join(' ');
}

/** Letters and digits as separate words (`qwen2-5-72b` → qwen 2 5 72 b), for containment tests. */
export function fineWords(text: string): Set<string> {
  return new Set(normalForm(text).match(/[a-z]+|\d+/g) ?? []);
}

/**
 * Four-digit snapshot tags in a display name outside parentheses ("DeepSeek V4 Pro 0813",
 * "Grok 4.20 0309 v2"). AA re-points bare slugs to new snapshots and the name is where the new
 * snapshot shows, so a candidate whose id and permaslug lack the tag is suspect.
 */
export function snapshotTags(name: string): string[] {
  const outside = name.replace(/\([^()]*\)/g, ' ');
  return [...outside.matchAll(/(?:^|[^\w.])(\d{4})(?![\w.])/g)].map((match) => match[1] as string);
}

/** Whether an OpenRouter id or permaslug carries a snapshot tag (digits compared without separators). */
export function carriesTag(texts: readonly (string | null)[], tag: string): boolean {
  return texts.some(
    (text) =>
      text !== null &&
      text
        .replace(/[^0-9]/g, ' ')
        .split(' ')
        .some((run) => run.includes(tag)),
  );
}
