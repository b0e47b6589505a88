import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { packageRoot } from '../../src/util/package-root.js';

/** The real captures committed under test/fixtures/realdata (see the README there). */
export type CaptureName =
  | 'aa_llms_models_2026-08-21'
  | 'aa_llms_models_2026-07-22'
  | 'aa_language_models_free_page1_2026-06-27'
  | 'or_models_2026-08-22_wrapped'
  | 'or_models_2026-07-22_wrapped'
  | 'or_endpoints_2026-05-31_wrapped'
  | 'or_endpoints_DERIVED_2026-05-18_by_provider';

export const REALDATA_DIR = path.join(packageRoot(), 'test', 'fixtures', 'realdata');

const cache = new Map<CaptureName, string>();

/** The capture's JSON text, exactly as captured. */
export function captureText(name: CaptureName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = gunzipSync(readFileSync(path.join(REALDATA_DIR, `${name}.json.gz`))).toString('utf8');
    cache.set(name, text);
  }
  return text;
}

/** A fresh parsed copy (callers may mutate it to build failure cases). */
export function loadCapture<T = any>(name: CaptureName): T {
  return JSON.parse(captureText(name)) as T;
}
