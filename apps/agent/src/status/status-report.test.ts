import { describe, expect, it } from 'vitest';
import type { StatusFile } from '../state/state-schemas.js';
import { formatStatusReport, type StatusReport } from './status-report.js';

const now = new Date('2026-11-27T12:00:00.000Z');

function report(agent: Partial<StatusFile>, running = true): StatusReport {
  return {
    nodeId: 'n-1',
    node: 'gate-01',
    cluster: 'plant',
    account: 'acme',
    server: 'https://berth.example',
    fingerprint: null,
    joinedAt: '2026-11-27T10:00:00.000Z',
    running,
    desiredGeneration: 4,
    appliedGeneration: 4,
    agent: {
      version: 1,
      pid: 4242,
      nodeId: 'n-1',
      server: 'https://berth.example',
      startedAt: '2026-11-27T11:59:50.000Z',
      updatedAt: '2026-11-27T11:59:59.000Z',
      connected: false,
      lastContactAt: null,
      sessions: 0,
      desiredGeneration: 4,
      appliedGeneration: 4,
      lastPassAt: null,
      pendingEvents: 0,
      lastError: null,
      workloads: [],
      ...agent,
    },
  };
}

describe('formatStatusReport', () => {
  it('says the workloads are still being checked before the first pass has finished', () => {
    const text = formatStatusReport(report({ lastPassAt: null }), now);
    expect(text).toMatch(/workloads: +being checked: the first pass since the agent started/);
  });

  it('says when the workloads were last checked, then lists them', () => {
    const text = formatStatusReport(
      report({
        lastPassAt: '2026-11-27T11:59:57.000Z',
        workloads: [{ id: 'web', phase: 'running' }],
      }),
      now,
    );
    expect(text).toMatch(/workloads: +checked 3s ago/);
    expect(text).toMatch(/web +running/);
  });

  it('leaves the pass out for an agent that is not running', () => {
    const text = formatStatusReport(report({ lastPassAt: null }, false), now);
    expect(text).toContain('not running (last seen 1s ago)');
    expect(text).not.toContain('being checked');
  });
});
