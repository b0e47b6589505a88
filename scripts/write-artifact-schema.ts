/** Regenerates schema/shortlist.schema.json from src/artifact/schema.ts (a test checks they agree). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { shortlistJsonSchemaText } from '../src/artifact/json-schema.js';
import { packageRoot } from '../src/util/package-root.js';

const file = path.join(packageRoot(), 'schema', 'shortlist.schema.json');
writeFileSync(file, shortlistJsonSchemaText());
console.log(`wrote ${file}`);
