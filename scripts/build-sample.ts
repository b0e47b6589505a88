/** Rebuilds data/sample/ from the real captures (see scripts/lib/capture-recordings.ts). */
import { buildSample } from './lib/capture-recordings.js';

buildSample();
