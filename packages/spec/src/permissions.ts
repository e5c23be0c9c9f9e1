/**
 * Who may do what. One table, read top to bottom: a role grants a fixed set of
 * permissions inside the account of the membership. Platform permissions only count in
 * an account of type `platform`. The server enforces this table; the console reads it to
 * hide what a user cannot do.
 */

export const roles = ['owner', 'admin', 'developer', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const accountTypes = ['isv', 'customer', 'integrator', 'platform'] as const;
export type AccountType = (typeof accountTypes)[number];

export const permissions = [
  'account.read',
  'members.manage',
  'audit.read',
  'apps.read',
  'apps.write',
  'apps.publish',
  'lightapps.read',
  'lightapps.write',
  'lightapps.deploy',
  'clusters.read',
  'clusters.write',
  'instances.read',
  'instances.deploy',
  'instances.operate',
  'platform.accounts.manage',
  'platform.users.manage',
  'platform.databases.manage',
] as const;
export type Permission = (typeof permissions)[number];

const read: Permission[] = [
  'account.read',
  'apps.read',
  'lightapps.read',
  'clusters.read',
  'instances.read',
];
const develop: Permission[] = ['apps.write', 'apps.publish', 'lightapps.write'];
const operate: Permission[] = [
  'clusters.write',
  'instances.deploy',
  'instances.operate',
  'lightapps.deploy',
];
const administer: Permission[] = ['members.manage', 'audit.read'];
const platform: Permission[] = [
  'platform.accounts.manage',
  'platform.users.manage',
  'platform.databases.manage',
];

/** The permission table. Owners differ from admins in who may grant or revoke `owner`. */
export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  owner: [...read, ...develop, ...operate, ...administer, ...platform],
  admin: [...read, ...develop, ...operate, ...administer, ...platform],
  developer: [...read, ...develop],
  operator: [...read, ...operate],
  viewer: [...read],
};

/**
 * Whether `role` in an account of `accountType` holds `permission`.
 * Platform permissions are held only through a membership of a platform account.
 */
export function can(role: Role, permission: Permission, accountType: AccountType): boolean {
  if (permission.startsWith('platform.') && accountType !== 'platform') return false;
  return rolePermissions[role].includes(permission);
}

/** Whether a user with `role` may grant or take away `target` in the same account. */
export function canAssignRole(role: Role, target: Role): boolean {
  if (target === 'owner') return role === 'owner';
  return role === 'owner' || role === 'admin';
}
