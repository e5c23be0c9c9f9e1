import { chmod, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent, DesiredState } from '@berth/spec';
import type { z } from 'zod';
import { CorruptStateError } from '../agent-errors.js';
import {
  isStaleTempFile,
  type JsonFileRead,
  readJsonFile,
  writeFileAtomic,
} from './atomic-file.js';
import {
  type AppliedFile,
  appliedFile,
  type CredentialFile,
  credentialFile,
  type DesiredFile,
  desiredFile,
  eventsFile,
  type StatusFile,
  statusFile,
} from './state-schemas.js';

/** The file names inside a state directory. */
export const stateFiles = {
  credential: 'credential.json',
  desired: 'desired.json',
  applied: 'applied.json',
  events: 'events.json',
  status: 'status.json',
  lock: 'run.lock',
} as const;

/** Told about a state file that was corrupt and what was used instead. */
export type StateProblemListener = (file: string, problem: string) => void;

/**
 * The agent's state directory (mode 0700, files 0600: the desired state may carry app
 * secrets). Every write is atomic (`writeFileAtomic`); every read validates and falls
 * back to the previous good copy, so a kill -9 or a power cut mid-write never leaves the
 * agent unable to start (R22). Readers report problems through `onProblem` and go on.
 */
export class StateStore {
  private readonly writes = new Map<string, Promise<void>>();

  private constructor(
    readonly dir: string,
    private readonly onProblem: StateProblemListener,
  ) {}

  /**
   * Opens a state directory. With `create` (join, run) the directory is made if needed
   * (0700) and its mode tightened if it is ours; without it (status) nothing is changed
   * and a missing directory reads as empty. Throws on I/O errors.
   */
  static async open(
    dir: string,
    options: { create?: boolean; onProblem?: StateProblemListener } = {},
  ): Promise<StateStore> {
    if (options.create !== false) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const info = await stat(dir);
      if ((info.mode & 0o077) !== 0 && info.uid === process.getuid?.()) await chmod(dir, 0o700);
    }
    return new StateStore(dir, options.onProblem ?? (() => {}));
  }

  /**
   * Removes temp files left by writes that were killed. Only the holder of the run lock
   * may call it: another process's temp file may be a write in progress.
   */
  async removeStaleTempFiles(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (isStaleTempFile(name)) await unlink(join(this.dir, name)).catch(() => {});
    }
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  /** The credential, or undefined before `join`. Throws CorruptStateError when unreadable. */
  async loadCredential(): Promise<CredentialFile | undefined> {
    const read = await this.read(stateFiles.credential, credentialFile);
    if (read.found) return read.value;
    if (read.problem) throw new CorruptStateError(this.path(stateFiles.credential), read.problem);
    return undefined;
  }

  saveCredential(credential: CredentialFile): Promise<void> {
    return this.write(stateFiles.credential, credential);
  }

  /** The last desired state received, or undefined (never received, or unreadable). */
  async loadDesired(): Promise<DesiredFile | undefined> {
    const read = await this.read(stateFiles.desired, desiredFile);
    return read.found ? read.value : undefined;
  }

  saveDesired(desired: DesiredState, receivedAt: Date): Promise<void> {
    const doc: DesiredFile = { version: 1, receivedAt: receivedAt.toISOString(), desired };
    return this.write(stateFiles.desired, doc);
  }

  /** The last applied generation; 0 before the first. */
  async loadApplied(): Promise<AppliedFile | undefined> {
    const read = await this.read(stateFiles.applied, appliedFile);
    return read.found ? read.value : undefined;
  }

  saveApplied(generation: number, appliedAt: Date): Promise<void> {
    const doc: AppliedFile = { version: 1, generation, appliedAt: appliedAt.toISOString() };
    return this.write(stateFiles.applied, doc);
  }

  /** Events not yet confirmed by the server; empty if none or unreadable. */
  async loadEvents(): Promise<AgentEvent[]> {
    const read = await this.read(stateFiles.events, eventsFile);
    return read.found ? read.value.events : [];
  }

  saveEvents(events: AgentEvent[]): Promise<void> {
    return this.write(stateFiles.events, { version: 1, events });
  }

  async loadStatus(): Promise<StatusFile | undefined> {
    const read = await this.read(stateFiles.status, statusFile);
    return read.found ? read.value : undefined;
  }

  saveStatus(status: StatusFile): Promise<void> {
    return this.write(stateFiles.status, status);
  }

  private async read<T>(file: string, schema: z.ZodType<T>): Promise<JsonFileRead<T>> {
    const read = await readJsonFile(this.path(file), schema);
    if (read.problem) {
      const fallback = read.found ? 'using the previous copy' : 'no usable copy';
      this.onProblem(file, `${read.problem}; ${fallback}`);
    }
    return read;
  }

  /** Writes of one file run one after another: two at once would race for its backup. */
  private write(file: string, value: unknown): Promise<void> {
    const data = `${JSON.stringify(value)}\n`;
    const previous = this.writes.get(file) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => writeFileAtomic(this.path(file), data));
    this.writes.set(file, next);
    void next
      .finally(() => {
        if (this.writes.get(file) === next) this.writes.delete(file);
      })
      .catch(() => {});
    return next;
  }
}
