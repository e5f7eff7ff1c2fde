import type { Role } from '@app/core';

/**
 * What each role may do. Routes name a permission; a caller has it on an organization when one of
 * their grants covering that organization carries a role listing it. Later contexts add theirs here.
 */
export const Permission = {
  OrgRead: 'org.read',
  OrgSettingsWrite: 'org.settings.write',
  AuditRead: 'audit.read',
  JobsRead: 'jobs.read',
  /** Installation-level, admin only. */
  OrgCreate: 'org.create',
  UsersManage: 'users.manage',
  InstallationAuditRead: 'installation.audit.read',
  QueuesAdmin: 'queues.admin',
  /** Any authenticated user, about themself. */
  Self: 'self',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const ALL_ORG_ROLES_READ: Permission[] = [Permission.OrgRead, Permission.JobsRead];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  accountant: [...ALL_ORG_ROLES_READ, Permission.AuditRead],
  reviewer: [...ALL_ORG_ROLES_READ],
  cashier: [...ALL_ORG_ROLES_READ],
  board: [...ALL_ORG_ROLES_READ, Permission.OrgSettingsWrite],
  supervisor: [...ALL_ORG_ROLES_READ, Permission.AuditRead],
  auditor: [...ALL_ORG_ROLES_READ, Permission.AuditRead],
  shareholder: [Permission.OrgRead],
};

/** The admin runs the installation: the organization tree, users and grants; not the books. */
export const ADMIN_PERMISSIONS: readonly Permission[] = [
  Permission.OrgRead,
  Permission.OrgSettingsWrite,
  Permission.OrgCreate,
  Permission.UsersManage,
  Permission.InstallationAuditRead,
  Permission.QueuesAdmin,
  Permission.JobsRead,
];

/** Town-level grants are for those who oversee many organizations. */
export const TOWN_ROLES: readonly Role[] = ['supervisor', 'auditor'];
