import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { InstanceWorkloadSpec } from '@berth/spec';
import type { LogsRequest, OutputSink } from '../../reconcile/engine-driver.js';
import type { ContainerSummary, EngineApi } from './engine-api.js';
import { labelKeys, type OwnerLabels, ownerSelector, readIdentity } from './naming.js';
import { FrameSplitter } from './stream-frames.js';

export interface LogsContext {
  api: EngineApi;
  owner: OwnerLabels;
  workloadId: string;
  spec: InstanceWorkloadSpec;
}

/** Text is handed to the sink in pieces of at most this many characters. */
const maxPiece = 64 * 1024;
/** At most this many log files are read from a node's log path. */
const maxFiles = 50;

/**
 * Streams a node's logs into `sink` (the `logs` command): `stdout` reads the engine's
 * log of each replica's container (stdout and stderr, demultiplexed), `file` runs
 * `find <logPath> -type f` and then `tail -n <tail> [-F] -- <files>` in the container
 * through the exec API — argv, never a shell (R14). With several replicas, every line is
 * prefixed with `[<node>-<replica>]` and `tail` applies to each. Memory stays bounded:
 * one frame (≤ 64 KiB) at a time, and the next is read only once the sink took the last.
 * Ends when the output ends or `sink.signal` aborts (a followed `tail -F` is killed).
 * @throws Error with a message for the user (no such node, no log path, not running).
 */
export async function streamLogs(
  ctx: LogsContext,
  request: LogsRequest,
  sink: OutputSink,
): Promise<void> {
  const node = ctx.spec.nodes.find((n) => n.name === request.node);
  if (!node) throw new Error(`the instance has no node ${request.node}`);
  const containers = await nodeContainers(ctx, node.name, node.hash);
  if (containers.length === 0)
    throw new Error(`node ${node.name} has no container on this host yet`);
  const prefixed = containers.length > 1;
  const sources = containers.map((c) => {
    const replica = readIdentity(c.Labels)?.replica ?? 0;
    return { container: c, prefix: prefixed ? `[${node.name}-${replica}] ` : '' };
  });
  if (request.source === 'stdout') {
    await Promise.all(
      sources.map(async ({ container, prefix }) => {
        const res = await ctx.api.logs(container.Id, {
          tail: request.tail,
          follow: request.follow,
          signal: sink.signal,
        });
        await pump(res, prefix, sink);
      }),
    );
    return;
  }
  if (!node.logPath) throw new Error(`node ${node.name} has no log path: read its stdout instead`);
  const running = sources.filter((s) => s.container.State === 'running');
  if (running.length === 0) {
    throw new Error(
      `node ${node.name} is not running: its log files can be read only from a running container`,
    );
  }
  await Promise.all(
    running.map((source) => tailFiles(ctx.api, source, node.logPath!, request, sink)),
  );
}

async function nodeContainers(
  ctx: LogsContext,
  node: string,
  hash: string,
): Promise<ContainerSummary[]> {
  const all = await ctx.api.listContainers([
    ...ownerSelector(ctx.owner),
    `${labelKeys.instance}=${ctx.workloadId}`,
    `${labelKeys.node}=${node}`,
  ]);
  const current = all.filter((c) => readIdentity(c.Labels)?.hash === hash);
  const chosen = current.length > 0 ? current : all;
  const replica = (c: ContainerSummary) => readIdentity(c.Labels)?.replica ?? 0;
  return chosen.sort((a, b) => replica(a) - replica(b));
}

async function tailFiles(
  api: EngineApi,
  source: { container: ContainerSummary; prefix: string },
  logPath: string,
  request: LogsRequest,
  sink: OutputSink,
): Promise<void> {
  const id = source.container.Id;
  const listing = await api.exec(id, ['find', logPath, '-type', 'f'], 10_000, 256 * 1024);
  const files = listing.output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('/'))
    .sort()
    .slice(0, maxFiles);
  if (files.length === 0) {
    await sink.write(`${source.prefix}[berth: no log files under ${logPath}]\n`);
    return;
  }
  const argv = [
    'tail',
    '-n',
    String(request.tail),
    ...(request.follow ? ['-F'] : []),
    '--',
    ...files,
  ];
  const execId = await api.execCreate(id, argv);
  try {
    const res = await api.execStart(execId, sink.signal);
    await pump(res, source.prefix, sink);
  } finally {
    if (request.follow) await api.killExec(execId);
  }
}

/** Copies a multiplexed stream into the sink, as text, a bounded piece at a time. */
async function pump(res: IncomingMessage, prefix: string, sink: OutputSink): Promise<void> {
  const frames = new FrameSplitter(maxPiece);
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const lines = new LinePrefixer(prefix);
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      for (const frame of frames.push(chunk)) {
        const text = lines.push(decoders[frame.stream].write(frame.data));
        if (text && !(await sink.write(text))) {
          res.destroy();
          return;
        }
      }
    }
  } catch (error) {
    if (sink.signal.aborted) return;
    throw error;
  }
  const rest = lines.end();
  if (rest) await sink.write(rest);
}

/** Prefixes every line (whole lines only) when a prefix is set; passes text through otherwise. */
class LinePrefixer {
  private partial = '';

  constructor(private readonly prefix: string) {}

  push(text: string): string {
    if (!this.prefix) return text;
    const parts = `${this.partial}${text}`.split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > maxPiece) {
      parts.push(this.partial);
      this.partial = '';
    }
    return parts.map((line) => `${this.prefix}${line}\n`).join('');
  }

  end(): string {
    const rest = this.partial;
    this.partial = '';
    return rest && this.prefix ? `${this.prefix}${rest}\n` : '';
  }
}
