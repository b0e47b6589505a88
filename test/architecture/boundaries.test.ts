import { describe, expect, it } from 'vitest';
import { cycles, edgesOf, readTree, repoRoot, specifiersOf, violations } from './import-graph.js';

// No known breaks remain, so there is no allow-list: a new violation fails until the code moves
// (or a rule in import-graph.ts changes, on purpose and in review).
describe('architecture boundaries', () => {
  it('src/ and jobs/ break no boundary', () => {
    expect(violations(edgesOf(readTree(repoRoot(), ['src', 'jobs'])))).toEqual([]);
  });

  it('src/ and jobs/ have no import cycles, type-only imports included', () => {
    expect(cycles(edgesOf(readTree(repoRoot(), ['src', 'jobs'])))).toEqual([]);
  });

  it('finds each cycle once, with its files, through type-only imports and self-imports', () => {
    const files = [
      { path: 'src/resolver/plan.ts', text: "import { chainLine } from './explain.js';\nimport { load } from './load.js';" },
      { path: 'src/resolver/explain.ts', text: "import type { TierRoute } from './plan.js';" },
      { path: 'src/resolver/load.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'src/a.ts', text: "import { b } from './b.js';" },
      { path: 'src/b.ts', text: "import { c } from './c.js';" },
      { path: 'src/c.ts', text: "export { a } from './a.js';" },
      { path: 'src/self.ts', text: "import { me } from './self.js';" },
    ];
    expect(cycles(edgesOf(files))).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/resolver/explain.ts', 'src/resolver/plan.ts'],
      ['src/self.ts'],
    ]);
  });

  it('reads static, re-export, side-effect and dynamic imports, but not ones in comments', () => {
    const text =
      "import a from './a.js';\nimport type { B } from \"../b.js\";\nexport { c } from './c.js';\nimport 'side';\n// import x from 'nope';\nconst d = await import('./d.js');\nimport {\n  e,\n} from 'e';";
    expect(specifiersOf(text)).toEqual(['./a.js', '../b.js', './c.js', 'side', './d.js', 'e']);
  });

  it('reports a pure module importing IO, a folder importing the CLI, and the file and import of each', () => {
    const files = [
      { path: 'src/curation/pick.ts', text: "import { openDatabase } from '../db/open.js';\nimport { readFileSync } from 'node:fs';" },
      { path: 'src/router/sse.ts', text: "import { request } from 'undici';" },
      { path: 'src/resolver/plan.ts', text: "import { load } from './load.js';" },
      { path: 'jobs/x.ts', text: "import { main } from '../src/cli/main.js';" },
      { path: 'src/resolver/load.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'src/router/app.ts', text: "import { createServer } from 'node:http';" },
    ];
    expect(violations(edgesOf(files))).toEqual([
      "src/curation/pick.ts: imports '../db/open.js' (a pure module must not do IO)",
      "src/curation/pick.ts: imports 'node:fs' (a pure module must not do IO)",
      "src/router/sse.ts: imports 'undici' (a pure module must not do IO)",
      "src/resolver/plan.ts: imports './load.js' (a pure module must not do IO)",
      "jobs/x.ts: imports '../src/cli/main.js' (only src/cli and bin/ import src/cli)",
      "jobs/x.ts: imports '../src/cli/main.js' (jobs/ sits below the CLI)",
    ]);
  });
});
