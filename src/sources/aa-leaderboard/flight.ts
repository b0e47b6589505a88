import type { CheerioAPI } from 'cheerio';

/**
 * The leaderboard is a Next.js App Router page: its data travels as React Server Component
 * "flight" chunks, each a JS string literal in `self.__next_f.push([1,"…"])`. Decoding every
 * literal and joining them gives the flight text back, whatever way it was split into chunks.
 */
const PUSH = /self\.__next_f\.push\(\s*\[\s*1\s*,\s*("(?:[^"\\]|\\[\s\S])*")\s*\]\s*\)/g;

export function flightText($: CheerioAPI): string {
  const chunks: string[] = [];
  $('script').each((_, element) => {
    const code = $(element).text();
    for (const match of code.matchAll(PUSH)) {
      try {
        // Next writes these literals with JSON escaping, so JSON.parse decodes them exactly.
        chunks.push(JSON.parse(match[1] as string) as string);
      } catch {
        // A literal JSON cannot read (JS-only escapes) is skipped; if it held the models, the
        // anchor search below finds nothing and the parse fails closed.
      }
    }
  });
  return chunks.join('');
}

/** Index just past the `]` that closes the array opening at `start`, or -1 (strings are skipped). */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The models array: of every `[{"slug":…}]` array in the flight text, the longest whose first
 * element has `intelligenceIndex`. Sturdier than anchoring on one model's slug, which breaks as
 * soon as that model leaves the list.
 */
export function findModelsArray(text: string): Record<string, unknown>[] | undefined {
  let best: Record<string, unknown>[] | undefined;
  for (let at = text.indexOf('[{"slug":"'); at !== -1; at = text.indexOf('[{"slug":"', at + 1)) {
    const end = closingBracket(text, at);
    if (end === -1) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(at, end));
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) continue;
    const head: unknown = parsed[0];
    if (typeof head !== 'object' || head === null || !('intelligenceIndex' in head)) continue;
    if (!best || parsed.length > best.length) best = parsed as Record<string, unknown>[];
  }
  return best;
}

const VERSION = /Intelligence Index v(\d+\.\d+)/;

/** `Intelligence Index v4.3` in the page text, else in the flight text; null when neither says. */
export function indexVersionIn(...texts: string[]): number | null {
  for (const text of texts) {
    const match = VERSION.exec(text);
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}
