import { describe, expect, it } from 'vitest';
import { aNodeStatus, anInstance } from '../testing/fixtures.js';
import { formatInstance } from './format-instance.js';

describe(formatInstance, () => {
  it('shows only the details while the host has reported no node', () => {
    const text = formatInstance(
      anInstance({ replicas: { web: 2 }, params: { site: 'north', port: 8080 } }),
    );

    expect(text).toMatch(/^Phase:\s+pending$/m);
    expect(text).toMatch(/^Reason:\s+<none>$/m);
    expect(text).toMatch(/^Ready:\s+<none>$/m);
    expect(text).toMatch(/^Parameters:\s+site=north, port=8080$/m);
    expect(text).toMatch(/^Replicas:\s+web=2$/m);
    expect(text).not.toContain('NODE');
  });

  it('adds a row per node, endpoints joined, and counts completed init nodes as ready', () => {
    const web = {
      ...aNodeStatus('web', 'running'),
      endpoints: ['http://10.0.0.1:8080', 'tcp://10.0.0.1:9000'],
    };
    const text = formatInstance(
      anInstance({
        status: { phase: 'running', nodes: [aNodeStatus('migrate', 'completed', false), web] },
      }),
    );

    expect(text).toMatch(/^Ready:\s+2\/2$/m);
    expect(text).toMatch(
      /^web\s+running\s+yes\s+0\s+http:\/\/10\.0\.0\.1:8080, tcp:\/\/10\.0\.0\.1:9000\s+<none>$/m,
    );
  });
});
