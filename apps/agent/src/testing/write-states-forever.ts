import { StateStore } from '../state/state-store.js';

/**
 * A child process for the crash tests (R22): writes ever newer desired states, applied
 * generations and event queues into a state directory as fast as it can, until it is
 * killed. Prints "ready" after its first complete round.
 *
 *   node --import tsx write-states-forever.ts STATE_DIR START_GENERATION
 */
const [dir, start] = process.argv.slice(2);
const store = await StateStore.open(dir!);
const padding = 'x'.repeat(1000);
let generation = Number(start ?? 0);
for (let round = 0; ; round++) {
  generation++;
  const workloads = Array.from({ length: 200 }, (_, i) => ({
    id: `w${i}`,
    kind: 'noop',
    revision: `r${generation}`,
    spec: { padding },
  }));
  await store.saveDesired(
    { generation, settings: { heartbeatSeconds: 10, logLevel: 'info' }, workloads },
    new Date(),
  );
  await store.saveApplied(generation, new Date());
  await store.saveEvents([
    {
      id: crypto.randomUUID(),
      time: new Date().toISOString(),
      workload: null,
      node: null,
      reason: 'tick',
      message: String(generation),
    },
  ]);
  if (round === 0) process.stdout.write('ready\n');
}
