/**
 * Secrets must never reach a log line, an error, the database or an artifact. Every text
 * that leaves the process through those paths goes through a Redactor built from the
 * configured keys.
 */
export type Redactor = (text: string) => string;

const MASK = '[REDACTED]';

export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  // Very short values would mask ordinary words; real API keys are long.
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6))]
    // Longest first, so a key that contains another key is masked whole.
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  const escaped = new RegExp(values.map(escapedForm).join('|'), 'g');
  return (text) => {
    let out = text;
    // A search first: most texts hold no key, and then nothing is allocated.
    for (const value of values) if (out.includes(value)) out = out.replaceAll(value, MASK);
    // JSON may spell any character as \uXXXX (or "/" as \/): a body carrying the key that way
    // decodes back to the key, so those spellings are masked too. Only texts with a backslash can hold one.
    return out.includes('\\') ? out.replace(escaped, MASK) : out;
  };
}

/** A pattern matching the secret with any of its characters written as a JSON escape. */
function escapedForm(secret: string): string {
  return [...secret]
    .map((char) => {
      const code = char.codePointAt(0)!;
      const hex = code.toString(16).padStart(4, '0');
      const unicode = `\\\\u${[...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`;
      const literal = char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      return `(?:${literal}|${unicode}${char === '/' ? '|\\\\/' : ''})`;
    })
    .join('');
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
