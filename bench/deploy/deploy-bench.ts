import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstanceWorkloadSpec, RegistrySettings } from '@berth/spec';
import { EngineApi } from '../../apps/agent/src/engines/docker/engine-api.js';
import { EngineClient } from '../../apps/agent/src/engines/docker/engine-client.js';
import { engineSocket, imageAvailable, removeTestContainers } from '../../test/harness/engine.js';
import { BerthStack, type DeployRun } from './berth-stack.js';
import { type ComposeRun, composeChain } from './compose-chain.js';
import { type ChainRun, rawChain } from './raw-chain.js';
import { benchReapply } from './reapply.js';
import { type DeployScenario, hostPort, scenarios } from './scenarios.js';
import { load1, quietMachine, spread, until } from './stats.js';

export interface DeployBenchOptions {
  runs: number;
  log?: (line: string) => void;
  /** Wait (up to 10 min) for the 1-minute load to drop below this first. */
  quietBelow?: number;
  /** Also run (b') — 25 s a run. Default true. */
  composeInterval?: boolean;
  /** How often ours GETs the instance: 20 ms (the issue's); each GET costs the server CPU. */
  pollMs?: number;
  /** Which scenarios (scenarios.ts) to run; default all. */
  only?: Array<keyof typeof scenarios>;
}

/**
 * Issue 5's deployment benchmark, per scenario (scenarios.ts: the three-tier example and
 * a chain of five quick services): the app deployed through the API to a joined agent on
 * Podman, from the POST to GET saying running with every node ready — against (a) the same containers created and
 * started level by level straight through the engine API, (b) `docker-compose up -d` of
 * an equivalent compose file with its health checks run every 50 ms and (b') run at their
 * interval, as Docker would (compose-chain.ts), in the same run, interleaved; and the
 * re-apply of an unchanged desired state (reapply.ts). One warm-up deployment of each kind is not counted (it loads
 * the agent's container driver and warms the engine's caches).
 */
export async function benchDeploy(options: DeployBenchOptions) {
  const log = options.log ?? (() => {});
  const chosen = (options.only ?? (Object.keys(scenarios) as Array<keyof typeof scenarios>)).map(
    (key) => scenarios[key],
  );
  for (const image of chosen.flatMap((s) => s.images)) {
    if (!(await imageAvailable(image))) {
      throw new Error(`${image} is missing: run scripts/test-images/build.sh examples`);
    }
  }
  if (spawnSync('docker-compose', ['version']).status !== 0) {
    throw new Error('docker-compose is missing: apt-get install -y docker-compose');
  }
  const label = `bench-${Date.now().toString(36)}`;
  const loadBefore = await quietMachine(options.quietBelow ?? 1.5, 10 * 60_000, log);
  const api = new EngineApi(new EngineClient(engineSocket()));
  const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-chain-'));
  const stack = await BerthStack.start(log, chosen);
  const results: Record<string, ReturnType<typeof summarise>> = {};
  try {
    for (const scenario of chosen) {
      log(`scenario ${scenario.key}: ${scenario.app} ${scenario.version}`);
      results[scenario.key] = await benchScenario(scenario, {
        ...options,
        log,
        stack,
        api,
        label,
        scratch,
        loadBefore,
      });
    }
    return results;
  } finally {
    await stack.stop();
    await removeTestContainers(`berth.test=${label}`);
    rmSync(scratch, { recursive: true, force: true });
    api.client.close();
  }
}

async function benchScenario(
  scenario: DeployScenario,
  ctx: DeployBenchOptions & {
    log: (line: string) => void;
    stack: BerthStack;
    api: EngineApi;
    label: string;
    scratch: string;
    loadBefore: number;
  },
) {
  const { log, stack, api, label, scratch } = ctx;
  const ours: Array<DeployRun & { load: number }> = [];
  const raw: Array<ChainRun & { load: number }> = [];
  const compose: Array<ComposeRun & { load: number }> = [];
  const composeInterval: Array<ComposeRun & { load: number }> = [];
  const prefix = scenario.app;
  const warm = await stack.deploy(`${prefix}-warm`, scenario);
  const { workload, registries } = stack.receivedWorkload(`${prefix}-warm`);
  await stack.remove(`${prefix}-warm`);
  const spec = workload.spec;
  log(`warm-up: ours ${Math.round(warm.runningMs)} ms`);
  const pollMs = ctx.pollMs ?? 20;
  const chains = runners({ stack, scenario, api, spec, registries, label, scratch, pollMs });
  await chains.raw(-1);
  await chains.compose(-1);
  const kinds = (['ours', 'raw', 'compose', 'composeInterval'] as const).filter(
    (k) => k !== 'composeInterval' || ctx.composeInterval !== false,
  );
  const free = () =>
    scenario.usesHostPort ? until(`port ${hostPort} free`, portFree, 500, 60_000) : undefined;
  for (let i = 0; i < ctx.runs; i++) {
    // Rotated, so no kind always runs right after the same other one.
    for (const kind of kinds.map((_, k) => kinds[(i + k) % kinds.length]!)) {
      await free();
      if (kind === 'ours') ours.push(await chains.ours(i));
      else if (kind === 'raw') raw.push(await chains.raw(i));
      else if (kind === 'compose') compose.push(await chains.compose(i));
      else composeInterval.push(await chains.compose(i, 'interval'));
    }
    const took = [ours, raw, compose, composeInterval].map((runs) => {
      const last = runs.at(-1);
      if (!last) return '-';
      return ms('runningMs' in last ? last.runningMs : last.totalMs);
    });
    log(`run ${i + 1}/${ctx.runs}: ours, (a), (b), (b') ${took.join(', ')} (load ${load1()})`);
  }
  const reapply = await benchReapply({ workload, registries, label });
  return summarise({
    spec,
    ours,
    raw,
    compose,
    composeInterval,
    reapply,
    loadBefore: ctx.loadBefore,
  });
}

/** One run of each kind, each cleaning up after itself; `i` names the run (-1: warm-up). */
function runners(ctx: {
  stack: BerthStack;
  scenario: DeployScenario;
  api: EngineApi;
  spec: InstanceWorkloadSpec;
  registries: RegistrySettings | undefined;
  label: string;
  scratch: string;
  pollMs: number;
}) {
  const { stack, api, spec, registries, label, scratch } = ctx;
  return {
    ours: async (i: number) => {
      const load = load1();
      const name = `${ctx.scenario.app}-${i}`;
      const run = await stack.deploy(name, ctx.scenario, ctx.pollMs);
      await stack.remove(name);
      return { ...run, load };
    },
    raw: async (i: number) => {
      const load = load1();
      try {
        return {
          ...(await rawChain({
            api,
            spec,
            registries,
            instance: `bench-raw-${tag(i)}`,
            owner: { agent: label, extra: { 'berth.test': label } },
            storageRoot: join(scratch, `raw-${tag(i)}`),
          })),
          load,
        };
      } finally {
        await removeTestContainers(`berth.test=${label}`);
      }
    },
    compose: async (i: number, health: 'tight' | 'interval' = 'tight') => {
      const load = load1();
      try {
        return {
          ...(await composeChain({
            api,
            spec,
            registries,
            project: `${label.replace(/-/g, '')}c${tag(i)}`,
            label: { 'berth.test': label },
            dir: mkdtempSync(join(scratch, `compose-${tag(i)}-`)),
            health,
          })),
          load,
        };
      } finally {
        await removeTestContainers(`berth.test=${label}`);
      }
    },
  };
}

function summarise(input: {
  spec: InstanceWorkloadSpec;
  ours: Array<DeployRun & { load: number }>;
  raw: Array<ChainRun & { load: number }>;
  compose: Array<ComposeRun & { load: number }>;
  composeInterval: Array<ComposeRun & { load: number }>;
  reapply: Awaited<ReturnType<typeof benchReapply>>;
  loadBefore: number;
}) {
  const ours = spread(input.ours.map((r) => r.runningMs));
  const raw = spread(input.raw.map((r) => r.totalMs));
  const compose = spread(input.compose.map((r) => r.totalMs));
  const composeInterval = spread(input.composeInterval.map((r) => r.totalMs));
  const breakdowns = input.ours.map((r) => breakdown(input.spec, r));
  const all = [input.ours, input.raw, input.compose, input.composeInterval];
  const loads = all.flatMap((runs) => runs.map((r) => r.load));
  return {
    ours: {
      ...ours,
      accepted: spread(input.ours.map((r) => r.acceptedMs)),
      desiredOnAgent: spread(breakdowns.map((b) => b.desiredOnAgentMs)),
      agentReady: spread(breakdowns.map((b) => b.agentReadyMs)),
      serverCpu: spread(input.ours.map((r) => r.cpu.serverMs)),
      agentCpu: spread(input.ours.map((r) => r.cpu.agentMs)),
      polls: spread(input.ours.map((r) => r.cpu.polls)),
      levels: input.spec.levels.map((nodes, i) => ({
        nodes,
        created: spread(breakdowns.map((b) => b.levels[i]!.createdMs)),
        started: spread(breakdowns.map((b) => b.levels[i]!.startedMs)),
        ready: spread(breakdowns.map((b) => b.levels[i]!.readyMs)),
      })),
    },
    raw: {
      ...raw,
      levels: input.spec.levels.map((nodes, i) => ({
        nodes,
        started: spread(input.raw.map((r) => r.levels[i]!.startedMs)),
        ready: spread(input.raw.map((r) => r.levels[i]!.readyMs)),
      })),
    },
    compose: { ...compose, up: spread(input.compose.map((r) => r.upMs)) },
    composeInterval: {
      ...composeInterval,
      up: spread(input.composeInterval.map((r) => r.upMs)),
    },
    ratios: {
      oursOverRaw: round(ours.medianMs / raw.medianMs),
      // Run i of each kind ran back to back: their ratio shrugs off the load drifting.
      oursOverRawPaired: pairedRatios(
        input.ours.map((r) => r.runningMs),
        input.raw.map((r) => r.totalMs),
      ),
      composeOverOurs: round(compose.medianMs / ours.medianMs),
      composeIntervalOverOurs: round(composeInterval.medianMs / ours.medianMs),
      targets: { oursOverRaw: 1.15, composeOverOurs: 2.5 },
    },
    reapply: input.reapply,
    load: { before: input.loadBefore, min: Math.min(...loads), max: Math.max(...loads) },
  };
}

/** Median, min and max of a[i] / b[i]. */
function pairedRatios(a: number[], b: number[]) {
  const ratios = a.map((x, i) => x / b[i]!).sort((x, y) => x - y);
  const mid = Math.floor(ratios.length / 2);
  const median = ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { median: round(median), min: round(ratios[0]!), max: round(ratios.at(-1)!) };
}

/** Where the time of one deployment went, from the agent's events (ms after the POST). */
function breakdown(spec: InstanceWorkloadSpec, run: DeployRun) {
  const at = (e: { time: string }) => Date.parse(e.time) - run.startedAt;
  const agent = run.events.filter((e) => e.source === 'agent');
  const times = (nodes: string[], reasons: string[]) =>
    agent.filter((e) => e.node && nodes.includes(e.node) && reasons.includes(e.reason)).map(at);
  const levels = spec.levels.map((nodes) => ({
    createdMs: Math.min(...times(nodes, ['created'])),
    startedMs: Math.max(...times(nodes, ['started'])),
    readyMs: Math.max(...times(nodes, ['healthy', 'init-succeeded'])),
  }));
  const applied = agent.find((e) => e.node === null && e.reason === 'created');
  return {
    desiredOnAgentMs: applied ? at(applied) : Number.NaN,
    agentReadyMs: Math.max(...levels.map((l) => l.readyMs)),
    levels,
  };
}

/** True when nothing listens on the web node's host port (undefined otherwise, for `until`). */
function portFree(): Promise<true | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(hostPort, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** Run `i`'s name part; the uncounted warm-up is `w`. */
const tag = (i: number) => (i < 0 ? 'w' : String(i));
const round = (x: number) => Math.round(x * 100) / 100;
const ms = (x: number) => `${Math.round(x)} ms`;
