import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI; `npx tsc -b` makes it. */
export const cliMain = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** What one run of the CLI did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The config file (BERTH_CONFIG). */
  config: string;
  /** HOME of the child; nothing of the real user's leaks in. */
  home: string;
  stdin?: string;
  env?: Record<string, string>;
}

/**
 * Runs `berth` as a user would: `node apps/cli/dist/main.js ARGS` in a child process with
 * a clean environment and no terminal (stdin is a pipe), so it never prompts.
 * @throws Error when the CLI has not been built.
 */
export function berthCli(args: string[], options: CliRunOptions): Promise<CliRun> {
  if (!existsSync(cliMain)) throw new Error(`${cliMain} is missing: run "npx tsc -b" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.home,
        BERTH_CONFIG: options.config,
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The problem a failed command printed as the last line of stderr with `-o json`. */
export function problemOf(run: CliRun): Record<string, unknown> {
  return JSON.parse(run.stderr.trimEnd().split('\n').at(-1) ?? '');
}
