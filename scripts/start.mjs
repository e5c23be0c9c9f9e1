#!/usr/bin/env node
// `npm start`: the embedded default — the control plane (bundled, serving the web console
// at /) and, in the same process, the agent of this machine's node in the cluster `local`.
// Builds first only when a source file is newer than the build (a fresh clone builds in
// `npm ci`'s prepare step), so a warm start pays neither for the compiler nor for the
// bundler. BERTH_BUILD_ON_START=0 skips that check: tests that start several launchers at
// once must not rebuild the files the others are serving.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'apps/server/dist/berth-server.mjs');
const agentEntry = join(root, 'apps/agent/dist/index.js');
const consoleIndex = join(root, 'apps/console/dist/index.html');
const sources = [
  'packages/spec/src',
  'packages/client/src',
  'apps/server/src',
  'apps/server/drizzle',
  'apps/agent/src',
  'apps/console/src',
];

function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

function builtAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const oldestOutput = Math.min(builtAt(bundle), builtAt(agentEntry), builtAt(consoleIndex));
const mayBuild = process.env.BERTH_BUILD_ON_START !== '0';
if (mayBuild && sources.some((dir) => newest(join(root, dir)) > oldestOutput)) {
  process.stderr.write('Building Berth (sources changed since the last build)…\n');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { runServer, exitOnSignals, reportStartFailure } = await import(pathToFileURL(bundle).href);
let server;
try {
  server = await runServer(process.argv.slice(2), process.env);
} catch (error) {
  reportStartFailure(error);
}
let agent;
if (server.localAgent) {
  const { startEmbeddedAgent } = await import(pathToFileURL(agentEntry).href);
  // The engine the local node drives: DOCKER_HOST (a unix socket), else the usual places.
  const dockerHost = process.env.DOCKER_HOST ?? '';
  const engineSocket = dockerHost.startsWith('unix://') ? dockerHost : undefined;
  agent = startEmbeddedAgent({
    ...server.localAgent,
    logger: server.logger,
    ...(engineSocket ? { engineSocket } : {}),
  });
  process.stderr.write(
    `  This machine runs as node "${server.localAgent.node}" of the cluster "local".\n\n`,
  );
}
// The agent goes first, so the server does not wait on its session when it stops.
exitOnSignals(server, async () => agent?.stop());
