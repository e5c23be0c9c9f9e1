import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../../state/atomic-file.js';

const instanceRecord = z.object({
  /** The workload revision last applied. */
  revision: z.string(),
  /** The instance name: its storage folder and object names. */
  instance: z.string(),
  keepVolumes: z.boolean(),
  /** Init nodes that succeeded: node → hash. Never run again for that hash. */
  initDone: z.record(z.string(), z.string()),
});
export type InstanceRecord = z.infer<typeof instanceRecord>;

const driverFile = z.object({
  version: z.literal(1),
  instances: z.record(z.string(), instanceRecord),
});

/** The file, under the agent's state directory, where the container driver keeps its records. */
export const driverStateFile = 'containers.json';

/**
 * What the container driver must remember beyond what the engine shows: per instance the
 * revision last applied (so a restarted agent knows what it runs), whether its volumes
 * are kept on removal, and which init nodes succeeded (so an init never reruns, even if
 * its exited container was pruned). No env values are stored here. Writes are atomic and
 * one at a time; reads fall back to the previous copy (see atomic-file.ts).
 */
export class DriverState {
  private records: Record<string, InstanceRecord> = {};
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** Loads `<dir>/containers.json` (an empty state when missing or unreadable). */
  static async load(dir: string, onProblem?: (problem: string) => void): Promise<DriverState> {
    const state = new DriverState(join(dir, driverStateFile));
    const read = await readJsonFile(state.path, driverFile);
    if (read.problem) onProblem?.(read.problem);
    if (read.found) state.records = read.value.instances;
    return state;
  }

  get(id: string): InstanceRecord | undefined {
    return this.records[id];
  }

  ids(): string[] {
    return Object.keys(this.records);
  }

  /** Records what was applied to an instance; keeps its init successes. */
  async applied(id: string, record: Omit<InstanceRecord, 'initDone'>): Promise<void> {
    const previous = this.records[id];
    const same =
      previous?.revision === record.revision &&
      previous.instance === record.instance &&
      previous.keepVolumes === record.keepVolumes;
    if (same) return;
    this.records[id] = { ...record, initDone: previous?.initDone ?? {} };
    await this.save();
  }

  async initSucceeded(id: string, node: string, hash: string): Promise<void> {
    const record = this.records[id];
    if (!record || record.initDone[node] === hash) return;
    record.initDone[node] = hash;
    await this.save();
  }

  async forget(id: string): Promise<void> {
    if (!(id in this.records)) return;
    delete this.records[id];
    await this.save();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify({ version: 1, instances: this.records });
    this.writes = this.writes
      .catch(() => {})
      .then(async () => {
        await mkdir(join(this.path, '..'), { recursive: true, mode: 0o700 });
        await writeFileAtomic(this.path, snapshot);
      });
    return this.writes;
  }
}
