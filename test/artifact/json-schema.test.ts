import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortlistJsonSchemaText } from '../../src/artifact/json-schema.js';
import { packageRoot } from '../../src/util/package-root.js';

describe('schema/shortlist.schema.json', () => {
  it('is what the zod schema generates (regenerate with node dist/scripts/write-artifact-schema.js)', () => {
    const committed = readFileSync(path.join(packageRoot(), 'schema', 'shortlist.schema.json'), 'utf8');
    expect(committed).toBe(shortlistJsonSchemaText());
  });

  it('is strict: no additional properties on the artifact or its entries', () => {
    const schema = JSON.parse(shortlistJsonSchemaText()) as { additionalProperties: unknown; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['version', 'contentHash', 'createdAt', 'tiers', 'attribution', 'field', 'sources']),
    );
  });
});
