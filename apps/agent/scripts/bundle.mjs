#!/usr/bin/env node
// Bundles the compiled agent (dist/main.js: run `npx tsc -b` first) into one ES module,
// dist/berth-agent.mjs by default, for shipping to edge hosts as a single file.
// Why: Node keeps a cost per loaded module, and zod alone is ~250 of them; one file
// makes the idle agent ~8 MiB smaller (README, "Footprint").
//
//   node apps/agent/scripts/bundle.mjs [OUTFILE]
import { build } from 'esbuild';

const outfile = process.argv[2] ?? new URL('../dist/berth-agent.mjs', import.meta.url).pathname;

await build({
  entryPoints: [new URL('../dist/main.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // CommonJS dependencies (ws, commander) call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);",
  },
});
