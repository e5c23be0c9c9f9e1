import { describe, expect, it } from 'vitest';
import { createVersionRequest } from './create-version-request.js';

describe('createVersionRequest (domain.md §4)', () => {
  it('creates an initial version without from', () => {
    expect(createVersionRequest.safeParse({ version: '1.0.0', kind: 'initial' }).success).toBe(
      true,
    );
  });

  it('refuses an initial version made from another, at `from`', () => {
    const r = createVersionRequest.safeParse({ version: '1.0.0', kind: 'initial', from: '0.9.0' });
    expect(r.error?.issues[0]?.path).toEqual(['from']);
  });

  it('requires from for an upgrade or a patch, at `from`', () => {
    for (const kind of ['upgrade', 'patch']) {
      const r = createVersionRequest.safeParse({ version: '1.5.0', kind });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['from']);
      expect(r.error?.issues[0]?.message).toContain('copies an existing version');
    }
  });

  it('requires the new version to come after from, at `version`', () => {
    const r = createVersionRequest.safeParse({ version: '1.4.0', kind: 'patch', from: '1.4.0' });
    expect(r.error?.issues[0]?.path).toEqual(['version']);
    expect(
      createVersionRequest.safeParse({ version: '1.4.1', kind: 'patch', from: '1.4.0' }).success,
    ).toBe(true);
  });

  it('carries an example that parses', () => {
    expect(createVersionRequest.safeParse(createVersionRequest.meta()?.example).success).toBe(true);
  });
});
