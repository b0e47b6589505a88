// Preloaded with `node --import` by the start-up test: appends every module the process loads
// (ES modules through a resolve hook, CommonJS ones from require.cache at exit) to the file
// named by PARETO_RECORD_MODULES, one path or URL per line.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.PARETO_RECORD_MODULES;
register('./record-modules-hooks.mjs', import.meta.url, { data: { file } });
process.on('exit', () => {
  const cache = createRequire(import.meta.url).cache;
  appendFileSync(
    file,
    Object.keys(cache)
      .map((k) => `${k}\n`)
      .join(''),
  );
});
