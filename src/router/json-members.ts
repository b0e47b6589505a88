/**
 * The top-level members of a JSON object text, as spans of that text, so a member can be
 * dropped or replaced without serialising the others again. Pure. The text must already have
 * passed JSON.parse: the scan trusts its structure and only finds where things end. Strings are
 * skipped with indexOf (native speed) and nesting with a character-class search, so a 400 KB
 * agent body costs a fraction of a JSON.stringify.
 */
export interface MemberSpan {
  readonly key: string;
  /** Index of the key's opening quote. */
  readonly start: number;
  /** Index just after the value. */
  readonly end: number;
}

const STRUCTURE = /["{}[\]]/g;
const PRIMITIVE_END = /[\s,}\]]/g;
const NON_SPACE = /\S/g;

export function topLevelMembers(text: string): MemberSpan[] {
  const members: MemberSpan[] = [];
  let i = skipSpace(text, 0) + 1; // past '{'
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === '}' || i >= text.length) return members;
    const start = i;
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd) + 1; // past ':'
    i = skipSpace(text, i);
    const end = endOfValue(text, i);
    members.push({ key, start, end });
    i = skipSpace(text, end);
    if (text[i] === ',') i++;
  }
}

function skipSpace(text: string, from: number): number {
  NON_SPACE.lastIndex = from;
  return NON_SPACE.exec(text) === null ? text.length : NON_SPACE.lastIndex - 1;
}

/** `text[at]` is an opening quote; the index after its closing quote. */
function endOfString(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function endOfValue(text: string, at: number): number {
  const c = text[at];
  if (c === '"') return endOfString(text, at);
  if (c !== '{' && c !== '[') {
    PRIMITIVE_END.lastIndex = at;
    return PRIMITIVE_END.exec(text) === null ? text.length : PRIMITIVE_END.lastIndex - 1;
  }
  let depth = 0;
  let i = at;
  for (;;) {
    STRUCTURE.lastIndex = i;
    STRUCTURE.exec(text);
    const found = STRUCTURE.lastIndex - 1;
    const ch = text[found];
    if (ch === '"') {
      i = endOfString(text, found);
      continue;
    }
    depth += ch === '{' || ch === '[' ? 1 : -1;
    i = found + 1;
    if (depth === 0) return i;
  }
}
