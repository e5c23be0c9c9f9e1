#!/usr/bin/env node
import { readAgentVersion } from './agent-version.js';
import { runCli } from './cli.js';

/**
 * The composition root of `berth-agent`: the only module that reads the environment,
 * the command line, signals and the process's streams; everything else is handed what it
 * needs.
 */

const stopRequested = new Promise<string>((resolve) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(signal));
});

const exitCode = await runCli(process.argv.slice(2), {
  version: readAgentVersion(),
  env: {
    dockerHost: process.env.DOCKER_HOST || undefined,
    xdgRuntimeDir: process.env.XDG_RUNTIME_DIR || undefined,
    joinToken: process.env.BERTH_JOIN_TOKEN || undefined,
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopRequested,
});
process.exit(exitCode);
