#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { runCli } from './cli.js';
import { configPath } from './config.js';
import { createTerminalPrompter } from './prompter.js';

/**
 * The composition root of `berth`: the only module that reads the environment, the
 * command line and the process's streams; everything else is handed what it needs.
 */

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// `berth … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Ctrl+C goes to the registered handlers while there are any (a command ending itself
 * cleanly, e.g. `berth logs -f`), else it ends the process. A second Ctrl+C always ends
 * it, in case the command is stuck.
 */
let interrupts = 0;
function onInterrupt(handler: () => void): () => void {
  const listener = () => {
    if (++interrupts > 1) process.exit(130);
    handler();
  };
  process.on('SIGINT', listener);
  return () => {
    process.off('SIGINT', listener);
  };
}

const exitCode = await runCli(process.argv.slice(2), {
  version: pkg.version,
  configPath: configPath(process.env, homedir()),
  checkConfigMode: process.platform !== 'win32',
  env: {
    server: process.env.BERTH_SERVER || undefined,
    token: process.env.BERTH_TOKEN || undefined,
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  prompter: createTerminalPrompter(process.stdin, process.stderr),
  stderrIsTerminal: process.stderr.isTTY === true,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  onInterrupt,
});
process.exitCode = exitCode;
