/**
 * Whether a JSON.parse failure means the text was cut short. V8 says "end of input" for a cut
 * inside a value, and names the position for a cut just after one (e.g. after a comma).
 */
export function looksTruncated(error: unknown, text: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of (JSON )?input|Unterminated|Unexpected end/i.test(message)) return true;
  const position = /position (\d+)/.exec(message);
  return position !== null && Number(position[1]) >= text.trimEnd().length;
}
