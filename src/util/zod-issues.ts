import type { z } from 'zod';

/** A zod error as one line, at most `limit` issues, each as `path: message`; shared by sources and artifacts. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const issues = error.issues.slice(0, limit).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > limit ? ` (+${error.issues.length - limit} more)` : '';
  return issues.join('; ') + more;
}
