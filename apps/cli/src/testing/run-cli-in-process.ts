import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli.js';
import type { CliDeps } from '../command-context.js';
import type { Prompter } from '../prompter.js';

/** One request the CLI sent. */
export interface SeenRequest {
  method: string;
  /** Path and query under the server, e.g. `/api/v1/apps?limit=100`. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** The request's abort signal (streamed answers end when it aborts). */
  signal?: AbortSignal | undefined;
}

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  requests: SeenRequest[];
  prompts: string[];
}

export interface InProcessOptions {
  /** The server's answer to each request (default: 204). */
  answer?: (request: SeenRequest) => Response | Promise<Response>;
  stdin?: string;
  /** Answers to prompts; when set, the CLI runs as if on a terminal. */
  prompts?: string[];
  /** Run as if stderr were a terminal (progress redraws a status line). */
  terminal?: boolean;
  /** The clock the CLI reads; `sleep` advances it at once, so waits cost no time. */
  clock?: FakeClock;
  /** Ctrl+C: `press()` it while the command runs. */
  interrupt?: FakeInterrupt;
}

/** A clock that moves only when the CLI sleeps (or the test says so). */
export class FakeClock {
  /** Every sleep the CLI asked for, in milliseconds. */
  readonly sleeps: number[] = [];

  constructor(public time = Date.parse('2025-01-01T12:00:00.000Z')) {}

  now = (): number => this.time;

  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
  };
}

/** Stands in for SIGINT: `press()` calls the handlers the command registered. */
export class FakeInterrupt {
  private readonly handlers = new Set<() => void>();

  register = (handler: () => void): (() => void) => {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  };

  /** Whether a command is listening for Ctrl+C right now. */
  get listening(): boolean {
    return this.handlers.size > 0;
  }

  press(): void {
    for (const handler of [...this.handlers]) handler();
  }
}

/** The flags that make a command talk to the fake server without a config file. */
export const fakeServerFlags = ['--server', 'http://berth.test', '--token', 't'];

/**
 * Runs `berth ARGS` in-process with a fake server (`answer`), an empty config file in a
 * temporary folder and captured streams. For unit tests of commands.
 */
export async function runCliInProcess(
  args: string[],
  options: InProcessOptions = {},
): Promise<InProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  const run: InProcessRun = { code: 0, stdout: '', stderr: '', requests: [], prompts: [] };
  const answers = [...(options.prompts ?? [])];
  const ask = async (message: string) => {
    run.prompts.push(message);
    return answers.shift() ?? '';
  };
  const prompter: Prompter = { text: ask, secret: ask };
  const clock = options.clock ?? new FakeClock();
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const request = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body:
        init?.body instanceof Uint8Array
          ? init.body
          : init?.body
            ? JSON.parse(String(init.body))
            : undefined,
      signal: init?.signal ?? undefined,
    };
    run.requests.push(request);
    return (options.answer ?? (() => new Response(null, { status: 204 })))(request);
  };
  const deps: CliDeps = {
    version: '0.0.0-test',
    configPath: join(dir, 'config.yaml'),
    checkConfigMode: true,
    env: {},
    stdout: (t) => {
      run.stdout += t;
    },
    stderr: (t) => {
      run.stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    interactive: options.prompts !== undefined,
    prompter,
    stderrIsTerminal: options.terminal === true,
    now: clock.now,
    sleep: clock.sleep,
    onInterrupt: (options.interrupt ?? new FakeInterrupt()).register,
    fetch: fetch as typeof globalThis.fetch,
  };
  try {
    run.code = await runCli(args, deps);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return run;
}

/** A JSON answer; problem+json for errors. */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const type = status < 400 ? 'application/json' : 'application/problem+json';
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': type, ...headers },
  });
}

/** A problem answer with the given status and code. */
export function problemAnswer(status: number, code: string, extra: Record<string, unknown> = {}) {
  return jsonAnswer(status, {
    type: `https://berth.dev/problems/${code}`,
    title: code,
    status,
    detail: `${code} detail`,
    code,
    requestId: 'req-1',
    ...extra,
  });
}
