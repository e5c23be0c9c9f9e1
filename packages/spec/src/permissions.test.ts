import { describe, expect, it } from 'vitest';
import { can, canAssignRole, permissions, rolePermissions, roles } from './permissions.js';

describe('the permission table', () => {
  it('orders roles by reach: each role holds everything of the one below it that matters', () => {
    const held = (role: (typeof roles)[number]) => new Set(rolePermissions[role]);
    for (const p of held('viewer')) {
      expect(held('developer').has(p) && held('operator').has(p) && held('admin').has(p)).toBe(
        true,
      );
    }
    for (const p of [...held('developer'), ...held('operator')])
      expect(held('admin').has(p)).toBe(true);
    expect(held('owner')).toEqual(held('admin'));
  });

  it('grants every permission to someone', () => {
    for (const p of permissions)
      expect(
        roles.some((r) => rolePermissions[r].includes(p)),
        p,
      ).toBe(true);
  });

  it('splits building apps from running them', () => {
    expect(can('developer', 'apps.publish', 'isv')).toBe(true);
    expect(can('developer', 'instances.deploy', 'isv')).toBe(false);
    expect(can('operator', 'instances.deploy', 'isv')).toBe(true);
    expect(can('operator', 'apps.write', 'isv')).toBe(false);
    expect(can('viewer', 'apps.read', 'isv')).toBe(true);
    expect(can('viewer', 'apps.write', 'isv')).toBe(false);
  });

  it('grants platform permissions only inside a platform account', () => {
    expect(can('owner', 'platform.accounts.manage', 'isv')).toBe(false);
    expect(can('owner', 'platform.accounts.manage', 'platform')).toBe(true);
    expect(can('developer', 'platform.users.manage', 'platform')).toBe(false);
  });

  it('lets only owners grant or take away ownership', () => {
    expect(canAssignRole('owner', 'owner')).toBe(true);
    expect(canAssignRole('admin', 'owner')).toBe(false);
    expect(canAssignRole('admin', 'developer')).toBe(true);
    expect(canAssignRole('developer', 'viewer')).toBe(false);
  });
});
