/** Colours of phases, as antd Tag colours and as fills of graph nodes. */
const groups: [RegExp, { tag: string; fill: string; border: string }][] = [
  [/^(running|healthy|ready)$/, { tag: 'success', fill: '#f6ffed', border: '#52c41a' }],
  [/^(completed)$/, { tag: 'cyan', fill: '#e6fffb', border: '#13c2c2' }],
  [
    /^(failed|crashloop|crash-loop|unhealthy|error|exited)$/,
    { tag: 'error', fill: '#fff1f0', border: '#ff4d4f' },
  ],
  [/^(degraded|restarting)$/, { tag: 'warning', fill: '#fffbe6', border: '#faad14' }],
  [/^(stopped|deleting|removed)$/, { tag: 'default', fill: '#fafafa', border: '#8c8c8c' }],
];
const working = { tag: 'processing', fill: '#e6f4ff', border: '#1677ff' };

/** Pending, pulling, creating, starting, deploying… all read as work in progress. */
export function phaseColour(phase: string): { tag: string; fill: string; border: string } {
  for (const [pattern, colour] of groups) if (pattern.test(phase)) return colour;
  return working;
}

/** Phases after which a deployment waits for nothing. */
export function isSettled(phase: string): boolean {
  return phase === 'running' || phase === 'failed' || phase === 'stopped' || phase === 'degraded';
}
