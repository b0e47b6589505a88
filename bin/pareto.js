#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).

// A reader that stops early (`pareto shortlist --json | head -1`) closes the pipe: end quietly
// with exit 0, as Unix tools do, instead of an unhandled EPIPE and a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.stderr.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
