import { describe, expect, it } from 'vitest';
import { parseReplicas } from './parse-replicas.js';

describe(parseReplicas, () => {
  it('adds node=N to the map of the flags before', () => {
    expect(parseReplicas('web=2', undefined)).toEqual({ web: 2 });
    expect(parseReplicas('api=0', { web: 2 })).toEqual({ web: 2, api: 0 });
    expect(parseReplicas('web=3', { web: 2 })).toEqual({ web: 3 });
  });

  it.each(['web', 'web=', 'web=-1', 'web=1.5', 'web=101', '=2', 'web=two'])(
    'refuses %j',
    (flag) => {
      expect(() => parseReplicas(flag, undefined)).toThrow(/node=N/);
    },
  );
});
