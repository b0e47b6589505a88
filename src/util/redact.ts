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
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join(MASK);
    return out;
  };
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
