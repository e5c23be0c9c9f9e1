import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchDeploy } from './deploy/deploy-bench.js';
import { benchFleet } from './fleet/fleet-bench.js';
import { benchMe } from './me-throughput.js';
import { root } from './server.js';
import { benchSpecValidate } from './spec-validate.js';
import { benchStartup } from './startup.js';

/**
 * `npm run bench`: the performance targets of the issues, measured on this machine.
 * Prints a table and writes bench/results/latest.json; docs/benchmarks.md records the
 * numbers with the machine they were taken on.
 */
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = process.argv[2];

/** A fixed CPU loop: this machine's speed varies by up to 2× from minute to minute. */
function calibrationMs(): number {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    let sum = 0;
    for (let i = 0; i < 1e8; i++) sum += i;
    if (sum < 0) throw new Error('unreachable');
    times.push(performance.now() - start);
  }
  return Math.round(times.sort((a, b) => a - b)[1]!);
}

const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
  cpuCalibrationMs: calibrationMs(),
};
const results: Record<string, unknown> = { machine };

if (!only || only === 'startup') {
  results.startup = await benchStartup();
  console.log('npm start → /readyz (embedded)', results.startup);
}
if (!only || only === 'me') {
  results.mePglite = await benchMe('pglite', postgresUrl);
  console.log('GET /api/v1/me, PGlite', results.mePglite);
  results.mePostgres = await benchMe('postgres', postgresUrl);
  console.log('GET /api/v1/me, Postgres', results.mePostgres);
}

if (!only || only === 'spec') {
  results.specValidate = await benchSpecValidate();
  console.log('validate + plan a 500-node app spec', results.specValidate);
}

if (!only || only === 'fleet') {
  const agents = Number(process.env.BENCH_FLEET_AGENTS ?? 10_000);
  results.fleet = await benchFleet({
    agents,
    postgresUrl,
    log: (line) => console.log(`  ${line}`),
  });
  console.log('fleet of simulated agents', JSON.stringify(results.fleet, null, 2));
}

if (!only || only === 'deploy') {
  results.deploy = await benchDeploy({
    runs: Number(process.env.BENCH_DEPLOY_RUNS ?? 5),
    quietBelow: Number(process.env.BENCH_DEPLOY_QUIET_BELOW ?? 1.5),
    composeInterval: process.env.BENCH_DEPLOY_COMPOSE_INTERVAL !== '0',
    pollMs: Number(process.env.BENCH_DEPLOY_POLL_MS ?? 20),
    ...(process.env.BENCH_DEPLOY_ONLY
      ? { only: process.env.BENCH_DEPLOY_ONLY.split(',') as Array<'threeTier' | 'chain'> }
      : {}),
    log: (line) => console.log(`  ${line}`),
  });
  console.log('deploy', JSON.stringify(results.deploy, null, 2));
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten to bench/results/latest.json`);
