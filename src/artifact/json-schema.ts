import { z } from 'zod';
import { Shortlist } from './schema.js';

/** The artifact's JSON Schema, generated from the zod schema so the two cannot drift. */
export function shortlistJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(Shortlist, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...generated,
    $id: 'https://github.com/pareto-router/pareto-router/schema/shortlist.schema.json',
    title: 'Pareto router shortlist artifact',
    description:
      'A published, immutable shortlist version. contentHash is the SHA-256 of the canonical JSON (sorted keys, no whitespace) of every key except version, contentHash, createdAt and sources.',
  };
}

export function shortlistJsonSchemaText(): string {
  return `${JSON.stringify(shortlistJsonSchema(), null, 2)}\n`;
}
