import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { SimAgent } from '../../test/harness/sim-agent.js';
import { randomKey, removeDir, startServer, waitFor } from '../server.js';
import { adminToken, api, joinNodes, pool } from './fleet-setup.js';
import { cpuShare, percentile, processStats } from './process-stats.js';

export interface FleetBenchOptions {
  agents: number;
  postgresUrl: string;
  /** Rounds of the fleet-wide desired-state change. */
  rounds?: number;
  log?: (line: string) => void;
}

const port = 7792;
const adminPassword = 'fleet-bench-admin';

async function freshDatabase(url: string) {
  const name = `berth_bench_fleet_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Resolves once `check` is true, polling every 20 ms; returns the milliseconds it took. */
async function until(check: () => boolean, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}

/**
 * Issue #4's fleet benchmark: one control-plane process on its real database (Postgres)
 * holds `agents` simulated agents (real WebSocket clients heart-beating every 10 s); a
 * desired-state change for all of them, and for a single agent, is timed from the API
 * call to each agent receiving it; then the control plane restarts and the time until
 * every agent is back is measured.
 */
export async function benchFleet(options: FleetBenchOptions) {
  const log = options.log ?? (() => {});
  const db = await freshDatabase(options.postgresUrl);
  const env = {
    DATABASE_URL: db.url,
    BERTH_MASTER_KEY: randomKey(),
    BERTH_ADMIN_PASSWORD: adminPassword,
    BERTH_LOCAL_AGENT: '0',
    BERTH_LOG_LEVEL: 'warn',
  };
  // BENCH_FLEET_PROFILE=<dir>: each server process writes a V8 CPU profile there on exit.
  const profileDir = process.env.BENCH_FLEET_PROFILE;
  // BENCH_FLEET_SERVER=<bundle>: another build of the server (e.g. of an older commit).
  const node = [
    'node',
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    process.env.BENCH_FLEET_SERVER ?? 'apps/server/dist/berth-server.mjs',
  ].join(' ');
  // A shell runs the server and starts it again the moment it exits, as systemd or
  // Kubernetes would. Restarted by this process, busy with ten thousand agents retrying,
  // the new server started seconds late. The first server's pid goes to a file.
  const pidFile = join(mkdtempSync(join(tmpdir(), 'berth-fleet-')), 'first.pid');
  const command = ['sh', '-c', `${node} & echo $! > ${pidFile}; wait $!; exec ${node}`];
  const server = await startServer({ command, port, env });
  const firstPid = Number(readFileSync(pidFile, 'utf8'));
  // Each server says how long after its own start it was listening.
  const listeningAfterMs: number[] = [];
  server.child.stderr?.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/ready (\d+) ms after start/g))
      listeningAfterMs.push(Number(m[1]));
  });
  const agents: SimAgent[] = [];
  try {
    const token = await adminToken(server.url, adminPassword);
    for (const name of ['fleet', 'solo'])
      await api(server.url, token, 'POST', '/clusters', { name, type: 'edge' });
    log(`joining ${options.agents} nodes…`);
    const identities = await joinNodes(server.url, token, 'fleet', options.agents, 'sim');
    const [solo] = await joinNodes(server.url, token, 'solo', 1, 'solo');
    const baseline = processStats(firstPid).rssMiB;

    const receivedAt = new Map<SimAgent, number>();
    const backAt = new Map<SimAgent, number>();
    const closes = new Map<number, number>();
    let counting = false;
    const tally = (code: number) => {
      if (counting) closes.set(code, (closes.get(code) ?? 0) + 1);
    };
    // Stamped as the frame arrives, before the simulator parses and answers it (deferred
    // to the next turn): ten thousand agents share this process's one thread, and a real
    // agent's receipt does not wait for the other agents' JSON and zod work.
    const track = (text: string, agent: SimAgent) => {
      const type = /^\{"type":"(\w+)"/.exec(text)?.[1] ?? JSON.parse(text).type;
      if (type === 'desired') receivedAt.set(agent, performance.now());
      else if (type === 'welcome' && counting && !backAt.has(agent))
        backAt.set(agent, performance.now());
    };
    for (const identity of [...identities, solo!]) {
      agents.push(
        new SimAgent(server.url, identity, {
          reconnect: { baseMs: 500, capMs: 10_000 },
          onArrival: track,
          deferProcessing: true,
          onClose: tally,
        }),
      );
    }
    log('connecting…');
    const connectStart = performance.now();
    await pool(agents, 256, (a) => a.connect());
    const connectMs = performance.now() - connectStart;
    await until(() => agents.every((a) => a.appliedGeneration >= 1), 60_000);
    log('idle for 20 s…');
    const idleCpu = await cpuShare(firstPid, 20_000);
    const held = processStats(firstPid).rssMiB;

    const soloAgent = agents.at(-1)!;
    const fleetAgents = agents.slice(0, -1);
    const single: number[] = [];
    for (let i = 0; i < 30; i++) {
      receivedAt.delete(soloAgent);
      const start = performance.now();
      await api(server.url, token, 'PUT', '/clusters/solo/agent-settings', {
        logLevel: i % 2 ? 'info' : 'debug',
      });
      await until(() => receivedAt.has(soloAgent), 10_000);
      single.push(receivedAt.get(soloAgent)! - start);
    }

    const rounds: {
      apiMs: number;
      first: number;
      p50: number;
      p99: number;
      max: number;
      allMs: number;
      ackedAllMs: number;
    }[] = [];
    // "Acknowledged by all": every fleet node's ack stored by the server, read from the
    // database the way the API reads it (applied_generation caught up with desired).
    const acks = new pg.Client({ connectionString: db.url });
    await acks.connect();
    const allAcked = async () => {
      const { rows } = await acks.query(
        `select count(*)::int as behind from nodes n join clusters c on c.id = n.cluster_id
         where c.name = 'fleet' and n.applied_generation < n.desired_generation`,
      );
      return (rows[0] as { behind: number }).behind === 0;
    };
    for (let round = 0; round < (options.rounds ?? 5); round++) {
      for (const a of fleetAgents) receivedAt.delete(a);
      const start = performance.now();
      await api(server.url, token, 'PUT', '/clusters/fleet/agent-settings', {
        logLevel: round % 2 ? 'info' : 'debug',
      });
      const apiMs = performance.now() - start;
      const acked = (async () => {
        while (!(await allAcked())) {
          if (performance.now() - start > 60_000) throw new Error('acks not all stored in 60 s');
          await new Promise((r) => setTimeout(r, 20));
        }
        return performance.now() - start;
      })();
      const allMs = await until(() => fleetAgents.every((a) => receivedAt.has(a)), 60_000);
      const ackedAllMs = await acked;
      const latencies = fleetAgents.map((a) => receivedAt.get(a)! - start);
      rounds.push({
        apiMs,
        first: Math.min(...latencies),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
        allMs,
        ackedAllMs,
      });
      log(
        `fleet change ${round + 1}: p99 ${percentile(latencies, 99).toFixed(0)} ms, all acks stored at ${ackedAllMs.toFixed(0)} ms`,
      );
      await new Promise((r) => setTimeout(r, 1000));
    }

    await acks.end();

    log('restarting the control plane…');
    const sessionsBefore = agents.map((a) => a.sessions);
    const restartStart = performance.now();
    counting = true;
    process.kill(firstPid, 'SIGTERM');
    // Both times are as this busy process sees them: late by however long its turn takes.
    await until(() => !existsSync(`/proc/${firstPid}`), 60_000);
    const stoppedMs = performance.now() - restartStart;
    await waitFor(`${server.url}/readyz`, restartStart);
    const startedMs = performance.now() - restartStart;
    const back = () => agents.filter((a, i) => a.sessions > sessionsBefore[i]!).length;
    const progress = setInterval(
      () => log(`  ${((performance.now() - restartStart) / 1000).toFixed(0)} s: ${back()} back`),
      2000,
    );
    try {
      await until(() => back() === agents.length, 180_000);
    } finally {
      clearInterval(progress);
    }
    const backMs = performance.now() - restartStart;
    counting = false;
    const backLatencies = [...backAt.values()].map((t) => t - restartStart);

    return {
      agents: options.agents,
      database: 'postgres',
      connectAllMs: Math.round(connectMs),
      serverRssMiB: {
        before: baseline,
        with: held,
        perAgentKiB: Math.round(((held - baseline) * 1024) / options.agents),
      },
      idleServerCpuCores: Number(idleCpu.toFixed(3)),
      singleAgentMs: { p50: round1(percentile(single, 50)), p99: round1(percentile(single, 99)) },
      /**
       * From the API call: its answer, the first agent, the median, p99 and last agent to
       * receive it, and when the server had stored every agent's ack.
       */
      fleetChangeMs: rounds.map((r) => ({
        api: Math.round(r.apiMs),
        first: Math.round(r.first),
        p50: Math.round(r.p50),
        p99: Math.round(r.p99),
        max: Math.round(r.max),
        allAcksStored: Math.round(r.ackedAllMs),
      })),
      restart: {
        oldServerStoppedMs: Math.round(stoppedMs),
        /** The new server's own count, from its process start to listening. */
        newServerListeningAfterMs: listeningAfterMs.at(-1),
        serverReadyMs: Math.round(startedMs),
        firstBackMs: Math.round(Math.min(...backLatencies)),
        allBackMs: Math.round(backMs),
        backP50Ms: Math.round(percentile(backLatencies, 50)),
        backP99Ms: Math.round(percentile(backLatencies, 99)),
        /** How the agents' connections closed meanwhile, by close code (1006: refused). */
        closes: Object.fromEntries(closes),
      },
    };
  } finally {
    for (const a of agents) a.close();
    await server.stop();
    removeDir(server.dataDir);
    removeDir(dirname(pidFile));
    await db.drop();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;
