import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { type EngineClient, isEngineStatus, readBuffer } from './engine-client.js';
import { JsonLineSplitter, splitOutput } from './stream-frames.js';

/** A container as `GET /containers/json` lists it (the fields the agent reads). */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  /** `created`, `running`, `exited`, `paused`, `restarting`, `removing`, `dead`… */
  State: string;
  Labels: Record<string, string> | null;
  NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> | null } | null;
}

/** A container as `GET /containers/{id}/json` shows it (the fields the agent reads). */
export interface ContainerDetails {
  Id: string;
  Name: string;
  State: {
    Status: string;
    Running: boolean;
    ExitCode: number;
    OOMKilled: boolean;
    StartedAt: string;
    FinishedAt: string;
    Pid: number;
    Error?: string;
  };
  Config: { Labels: Record<string, string> | null };
}

export interface NetworkSummary {
  Id: string;
  Name: string;
  Labels: Record<string, string> | null;
}

/** The result of a command run to completion through the exec API. */
export interface ExecResult {
  exitCode: number;
  output: string;
}

const labelFilter = (labels: string[]) => JSON.stringify({ label: labels });

/**
 * The Docker Engine API calls the container driver makes, typed. Idempotent where the
 * engine allows: starting a running container, stopping a stopped one and removing a
 * missing one succeed. Errors are those of `EngineClient`.
 */
export class EngineApi {
  constructor(readonly client: EngineClient) {}

  listContainers(labels: string[]): Promise<ContainerSummary[]> {
    return this.client.json({
      method: 'GET',
      path: '/containers/json',
      query: { all: true, filters: labelFilter(labels) },
    });
  }

  inspectContainer(id: string): Promise<ContainerDetails> {
    return this.client.json({ method: 'GET', path: `/containers/${enc(id)}/json` });
  }

  async createContainer(name: string, body: unknown): Promise<string> {
    const created = await this.client.json<{ Id: string }>({
      method: 'POST',
      path: '/containers/create',
      query: { name },
      body,
    });
    return created.Id;
  }

  async startContainer(id: string): Promise<void> {
    await this.tolerate([304], () =>
      this.client.json({ method: 'POST', path: `/containers/${enc(id)}/start` }),
    );
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.tolerate([304, 404], () =>
      this.client.json({
        method: 'POST',
        path: `/containers/${enc(id)}/stop`,
        query: { t: timeoutSeconds },
        timeoutMs: (timeoutSeconds + 30) * 1000,
      }),
    );
  }

  async restartContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.client.json({
      method: 'POST',
      path: `/containers/${enc(id)}/restart`,
      query: { t: timeoutSeconds },
      timeoutMs: (timeoutSeconds + 30) * 1000,
    });
  }

  async killContainer(id: string, signal = 'KILL'): Promise<void> {
    await this.tolerate([404, 409], () =>
      this.client.json({ method: 'POST', path: `/containers/${enc(id)}/kill`, query: { signal } }),
    );
  }

  async removeContainer(id: string): Promise<void> {
    await this.tolerate([404], () =>
      this.client.json({
        method: 'DELETE',
        path: `/containers/${enc(id)}`,
        query: { force: true, v: true },
        timeoutMs: 60_000,
      }),
    );
  }

  /** The container's output: stdout and stderr multiplexed (see `FrameSplitter`). */
  logs(
    id: string,
    options: { tail?: number; follow?: boolean; signal?: AbortSignal },
  ): Promise<IncomingMessage> {
    return this.client.stream({
      method: 'GET',
      path: `/containers/${enc(id)}/logs`,
      query: {
        stdout: true,
        stderr: true,
        follow: options.follow ?? false,
        tail: options.tail === undefined ? 'all' : options.tail,
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** The last `lines` lines of a container's output, as text. */
  async lastLines(id: string, lines: number): Promise<string> {
    const res = await this.logs(id, { tail: lines });
    const { stdout, stderr } = splitOutput(await readBuffer(res, 256 * 1024));
    return `${stdout}${stderr}`;
  }

  /** Starts `argv` in a running container (never through a shell); returns the exec id. */
  async execCreate(id: string, argv: string[]): Promise<string> {
    const created = await this.client.json<{ Id: string }>({
      method: 'POST',
      path: `/containers/${enc(id)}/exec`,
      body: { AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false, Cmd: argv },
    });
    return created.Id;
  }

  /** Runs a created exec and hands back its multiplexed output while it runs. */
  execStart(execId: string, signal?: AbortSignal): Promise<IncomingMessage> {
    return this.client.stream({
      method: 'POST',
      path: `/exec/${enc(execId)}/start`,
      body: { Detach: false, Tty: false },
      ...(signal ? { signal } : {}),
    });
  }

  execInspect(execId: string): Promise<{
    ExitCode: number | null;
    Running: boolean;
    Pid: number;
    ContainerID: string;
  }> {
    return this.client.json({ method: 'GET', path: `/exec/${enc(execId)}/json` });
  }

  /**
   * Ends an exec that is still running (a followed `tail -F`, a health check past its
   * timeout): closing its stream does not, on Docker or Podman. The exec's Pid is a host
   * pid; it is signalled only if `/proc/<pid>/cgroup` names the container (never another
   * process that reused the pid). Best effort: never throws.
   */
  async killExec(execId: string): Promise<void> {
    try {
      const info = await this.execInspect(execId);
      if (!info.Running || !(info.Pid > 0)) return;
      const cgroup = await readFile(`/proc/${info.Pid}/cgroup`, 'utf8');
      if (info.ContainerID && cgroup.includes(info.ContainerID)) process.kill(info.Pid, 'SIGTERM');
    } catch {
      // gone already, or not visible from here
    }
  }

  /**
   * Runs `argv` in the container to completion and returns its exit code and the first
   * `maxOutput` bytes of its output. Throws when it does not finish within `timeoutMs`.
   */
  async exec(id: string, argv: string[], timeoutMs: number, maxOutput = 4096): Promise<ExecResult> {
    const execId = await this.execCreate(id, argv);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await this.execStart(execId, controller.signal);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res as AsyncIterable<Buffer>) {
        if (size < maxOutput * 2) chunks.push(chunk);
        size += chunk.length;
      }
      const inspected = await this.execInspect(execId);
      const { stdout, stderr } = splitOutput(Buffer.concat(chunks));
      return {
        exitCode: inspected.ExitCode ?? -1,
        output: `${stdout}${stderr}`.slice(0, maxOutput),
      };
    } catch (error) {
      if (controller.signal.aborted) {
        await this.killExec(execId);
        throw new Error(`${argv[0]} timed out after ${timeoutMs} ms`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The engine's container events from now on, as newline-separated JSON, until aborted. */
  events(labels: string[], signal: AbortSignal): Promise<IncomingMessage> {
    return this.client.stream({
      method: 'GET',
      path: '/events',
      query: { filters: JSON.stringify({ type: ['container'], label: labels }) },
      signal,
    });
  }

  listNetworks(labels: string[]): Promise<NetworkSummary[]> {
    return this.client.json({
      method: 'GET',
      path: '/networks',
      query: { filters: labelFilter(labels) },
    });
  }

  /** Creates a bridge network unless one of that name exists (Podman answers 500 then). */
  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await this.client.json({ method: 'GET', path: `/networks/${enc(name)}` });
      return;
    } catch (error) {
      if (!isEngineStatus(error, 404)) throw error;
    }
    try {
      await this.client.json({
        method: 'POST',
        path: '/networks/create',
        body: { Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels },
      });
    } catch (error) {
      if (isEngineStatus(error, 409) || /already (exists|used)/i.test(String(error))) return;
      throw error;
    }
  }

  async removeNetwork(idOrName: string): Promise<void> {
    await this.tolerate([404], () =>
      this.client.json({ method: 'DELETE', path: `/networks/${enc(idOrName)}` }),
    );
  }

  /** True when the engine holds the image. */
  async hasImage(ref: string): Promise<boolean> {
    try {
      await this.client.json({ method: 'GET', path: `/images/${enc(ref)}/json` });
      return true;
    } catch (error) {
      if (isEngineStatus(error, 404)) return false;
      throw error;
    }
  }

  /**
   * Pulls `ref` (with a tag or digest), with `auth` as the X-Registry-Auth header when
   * given. The engine reports pull failures inside a 200 answer: they are thrown as
   * `PullError` with the engine's message.
   */
  async pullImage(ref: string, auth?: string): Promise<void> {
    const res = await this.client.stream({
      method: 'POST',
      path: '/images/create',
      query: { fromImage: ref },
      ...(auth ? { headers: { 'X-Registry-Auth': auth } } : {}),
      timeoutMs: 10 * 60_000,
    });
    const lines = new JsonLineSplitter();
    let failure: string | undefined;
    const look = (items: unknown[]) => {
      for (const item of items) {
        const error = (item as { error?: unknown }).error;
        if (typeof error === 'string' && !failure) failure = error;
      }
    };
    for await (const chunk of res as AsyncIterable<Buffer>) look(lines.push(chunk));
    look(lines.end());
    if (failure) throw new PullError(failure);
  }

  private async tolerate(statuses: number[], call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!isEngineStatus(error, ...statuses)) throw error;
    }
  }
}

/** A pull the engine reported as failed; `message` is the engine's (and the registry's). */
export class PullError extends Error {
  override readonly name = 'PullError';
}

function enc(value: string): string {
  return encodeURIComponent(value);
}
