import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, SOURCE_IDS } from '../../src/config.js';
import { statusSpec } from '../../src/cli/specs/status.js';
import { syncSpec } from '../../src/cli/specs/sync.js';
import { SOURCES } from '../../src/sources/registry.js';
import { packageRoot } from '../../src/util/package-root.js';

const sourcesDir = path.join(packageRoot(), 'src', 'sources');
const folders = readdirSync(sourcesDir).filter((name) => statSync(path.join(sourcesDir, name)).isDirectory());

describe('source registry', () => {
  it('lists exactly the source folders, each id equal to its folder name', () => {
    expect(SOURCES.map((s) => s.id).sort()).toEqual([...folders].sort());
    expect([...SOURCE_IDS].sort()).toEqual([...folders].sort());
  });

  it('the light id list the configuration reads is the registry, in order, and its defaults are the sources not opt-in', () => {
    expect(SOURCE_IDS).toEqual(SOURCES.map((s) => s.id));
    expect(DEFAULT_SOURCES).toEqual(SOURCES.filter((s) => !s.optIn).map((s) => s.id));
  });

  it.each(folders)('%s has the standard shape: index.ts, schema or parser, readme.md', (folder) => {
    const files = readdirSync(path.join(sourcesDir, folder));
    expect(files).toContain('index.ts');
    expect(files).toContain('readme.md');
    expect(files.some((f) => f === 'schema.ts' || f === 'parse.ts')).toBe(true);
  });

  it('stores each source under the record kind it says it returns', () => {
    for (const s of SOURCES) expect(s.records.kind).toBe(s.kind);
  });

  it('runs endpoints after models (their default ids come from the models just synced)', () => {
    const order = SOURCES.map((s) => s.id);
    expect(order.indexOf('openrouter-endpoints')).toBeGreaterThan(order.indexOf('openrouter-models'));
  });

  it('keeps the scraper opt-in and out of the defaults', () => {
    const optIn = SOURCES.filter((s) => s.optIn).map((s) => s.id);
    expect(optIn).toEqual(['aa-leaderboard']);
    expect(DEFAULT_SOURCES).not.toContain('aa-leaderboard');
  });

  // The help texts load nothing (not even the registry), so they name the sources themselves.
  it('is what the help of sync and status names, with the max ages the sources declare', () => {
    const help = (text: string) => text.replace(/\s+/g, ' ');
    for (const id of SOURCE_IDS) expect(help(syncSpec.help)).toContain(id);
    // "defaults: artificial-analysis and aa-leaderboard 36h, openrouter-models and openrouter-endpoints 2h"
    const said = /defaults: (.*?) --db/.exec(help(statusSpec.help))![1]!;
    const hours = Object.fromEntries(
      said.split(', ').flatMap((group) => {
        const [, ids, h] = /^(.*) (\d+)h$/.exec(group)!;
        return ids!.split(' and ').map((id) => [id, Number(h) * 3600]);
      }),
    );
    expect(hours).toEqual(Object.fromEntries(SOURCES.map((s) => [s.id, s.maxAgeSeconds])));
  });

  it('has no source importing got directly (only src/http does)', async () => {
    const { readFileSync } = await import('node:fs');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts') && /from 'got'/.test(readFileSync(file, 'utf8')) && !file.includes(`${path.sep}http${path.sep}`))
          offenders.push(file);
      }
    };
    walk(path.join(packageRoot(), 'src'));
    expect(offenders).toEqual([]);
    expect(existsSync(path.join(packageRoot(), 'src', 'http', 'client.ts'))).toBe(true);
  });
});
