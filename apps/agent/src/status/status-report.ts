import { NotJoinedError } from '../agent-errors.js';
import { isAlive } from '../state/run-lock.js';
import type { StatusFile } from '../state/state-schemas.js';
import type { StateStore } from '../state/state-store.js';
import { formatFingerprint } from '../tls/fingerprint.js';

/** What `berth-agent status` reports; also its `--output json` document. */
export interface StatusReport {
  nodeId: string;
  node: string;
  cluster: string;
  account: string;
  server: string;
  fingerprint: string | null;
  joinedAt: string;
  /** A `run` process is alive on this state directory. */
  running: boolean;
  desiredGeneration: number | null;
  appliedGeneration: number;
  /** The last status the running (or last) agent wrote; null if it never ran. */
  agent: StatusFile | null;
}

/**
 * Reads a state directory as `status` shows it: the credential (without the key), the
 * generations on disk, and status.json with whether its writer is still alive. Works
 * while `run` is running (reads only). Throws NotJoinedError or CorruptStateError.
 */
export async function readStatusReport(
  store: StateStore,
  alive: (pid: number) => boolean = isAlive,
): Promise<StatusReport> {
  const credential = await store.loadCredential();
  if (!credential) throw new NotJoinedError(store.dir);
  const [desired, applied, agent] = await Promise.all([
    store.loadDesired(),
    store.loadApplied(),
    store.loadStatus(),
  ]);
  return {
    nodeId: credential.nodeId,
    node: credential.node,
    cluster: credential.cluster,
    account: credential.account,
    server: credential.server,
    fingerprint: credential.fingerprint ? formatFingerprint(credential.fingerprint) : null,
    joinedAt: credential.joinedAt,
    running: agent !== undefined && agent.pid !== process.pid && alive(agent.pid),
    desiredGeneration: desired?.desired.generation ?? null,
    appliedGeneration: applied?.generation ?? 0,
    agent: agent ?? null,
  };
}

/** The report for people: aligned `label: value` lines, then the workloads. */
export function formatStatusReport(report: StatusReport, now: Date): string {
  const agent = report.agent;
  const lines: Array<[string, string]> = [
    ['node', `${report.node} (${report.nodeId}) in ${report.account}/${report.cluster}`],
    ['server', report.server + (report.fingerprint ? ` (pinned ${report.fingerprint})` : '')],
    ['agent', describeAgent(report, now)],
    [
      'generation',
      `desired ${report.desiredGeneration ?? 'none'}, applied ${report.appliedGeneration}`,
    ],
  ];
  if (agent && report.running) lines.push(['workloads', describePass(agent, now)]);
  if (agent) lines.push(['events', `${agent.pendingEvents} waiting to be sent`]);
  if (agent?.lastError) lines.push(['last error', agent.lastError]);
  const width = Math.max(...lines.map(([label]) => label.length)) + 1;
  const out = lines.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`);
  const workloads = agent?.workloads ?? [];
  if (workloads.length > 0) {
    out.push('', 'workloads:');
    const idWidth = Math.max(2, ...workloads.map((w) => w.id.length));
    out.push(`  ${'ID'.padEnd(idWidth)}  PHASE`);
    for (const w of workloads) {
      out.push(
        `  ${w.id.padEnd(idWidth)}  ${w.phase}${w.message ? `  ${oneLine(w.message)}` : ''}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function describeAgent(report: StatusReport, now: Date): string {
  const agent = report.agent;
  if (!agent) return 'has not run on this state directory';
  const updated = ago(agent.updatedAt, now);
  if (!report.running) return `not running (last seen ${updated})`;
  const link = agent.connected
    ? 'connected'
    : `offline, running from local state (last contact ${agent.lastContactAt ? ago(agent.lastContactAt, now) : 'never'})`;
  return `running (pid ${agent.pid}), ${link}, ${agent.sessions} session(s) since ${agent.startedAt}`;
}

function describePass(agent: StatusFile, now: Date): string {
  return agent.lastPassAt
    ? `checked ${ago(agent.lastPassAt, now)}`
    : 'being checked: the first pass since the agent started has not finished';
}

function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`;
  return `${Math.round(seconds / 3600)}h ago`;
}

/** Messages come from the server and drivers: one line, no control characters. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}
