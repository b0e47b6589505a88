import type { z } from 'zod';
import { ParetoError } from '../errors.js';
import { formatJsonPath, JsonSyntaxError, parseLocatedJson, type JsonPath, type LocatedJson } from '../util/json-locate.js';

export interface Problem {
  readonly path: JsonPath;
  readonly message: string;
}

/**
 * Parses a hand-edited JSON data file and validates it with `schema`, then `crossChecks`;
 * every problem is reported at once as `origin:line: field.path: message`, in line order.
 */
export function parseValidatedJson<S extends z.ZodType>(
  text: string,
  origin: string,
  schema: S,
  crossChecks: (value: z.output<S>) => Problem[],
  hint: string,
): z.output<S> {
  let located: LocatedJson;
  try {
    located = parseLocatedJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new ParetoError('config', `${origin}:${error.line}:${error.column}: not valid JSON: ${error.reason}`, {
      hint: 'fix the JSON syntax (no comments or trailing commas)',
    });
  }
  const problems: Problem[] = located.duplicateKeys.map((duplicate) => ({ path: duplicate.path, message: 'appears twice in this object' }));
  const parsed = schema.safeParse(located.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ path: [...(issue.path as JsonPath), key], message: 'unknown field' });
      } else {
        problems.push({ path: issue.path as JsonPath, message: issue.message });
      }
    }
  } else {
    problems.push(...crossChecks(parsed.data));
  }
  if (problems.length > 0) {
    const lines = problems
      .map((problem) => ({ line: located.positionOf(problem.path).line, text: `${formatJsonPath(problem.path)}: ${problem.message}` }))
      .sort((a, b) => a.line - b.line)
      .map((problem) => `${origin}:${problem.line}: ${problem.text}`);
    const count = lines.length === 1 ? 'a problem' : `${lines.length} problems`;
    throw new ParetoError('config', `${origin} has ${count}:\n${lines.join('\n')}`, { hint });
  }
  return parsed.data as z.output<S>;
}

/** A zod error message: "required" for a missing field, `what` for one of the wrong kind. */
export function required(what: string) {
  return (issue: { input?: unknown }): string => (issue.input === undefined ? 'required' : what);
}
