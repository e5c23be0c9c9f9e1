import { describe, expect, it } from 'vitest';
import { instanceName } from './instances.js';

describe('instance names', () => {
  it.each(['shop-north', 'a1', 'berth', 'my-berth-app'])('takes %s', (name) => {
    expect(instanceName.safeParse(name).success).toBe(true);
  });

  it.each([
    ['berth-mqtt-broker', 'must not start with "berth-" (reserved)'],
    ['Shop', 'must be lower-case letters, digits and hyphens'],
    ['-shop', 'must be lower-case letters, digits and hyphens'],
    ['x', 'must be at least 2 characters'],
  ])('refuses %s, saying why', (name, message) => {
    const result = instanceName.safeParse(name);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});
