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
  /** The books (SPEC §2.1–2.3, §2.6). */
  BooksRead: 'books.read',
  BooksManage: 'books.manage',
  VoucherDraft: 'voucher.draft',
  VoucherReview: 'voucher.review',
  VoucherPost: 'voucher.post',
  PeriodReopen: 'period.reopen',
  /** The share register (SPEC §2.4). */
  SharesRead: 'shares.read',
  SharesManage: 'shares.manage',
  SharesApprove: 'shares.approve',
  SharesObject: 'shares.object',
  /** The distribution (SPEC §2.5). */
  DividendsManage: 'dividends.manage',
  DividendsApprove: 'dividends.approve',
  DividendsObject: 'dividends.object',
  DividendsPay: 'dividends.pay',
  /** Supervision (SPEC §9): the public budget, warnings, 财务公开. */
  SupervisionRead: 'supervision.read',
  BudgetManage: 'budget.manage',
  BudgetApprove: 'budget.approve',
  WarningsHandle: 'warnings.handle',
  ThresholdsManage: 'thresholds.manage',
  DisclosureRead: 'disclosure.read',
  DisclosureObject: 'disclosure.object',
  DisclosureAnswer: 'disclosure.answer',
  /** Contracts, rent and trading (SPEC §8). */
  ContractsManage: 'contracts.manage',
  ContractsReceive: 'contracts.receive',
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

const STAFF_READ: Permission[] = [...ALL_ORG_ROLES_READ, Permission.BooksRead, Permission.SharesRead, Permission.SupervisionRead, Permission.DisclosureRead];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  accountant: [...STAFF_READ, Permission.AuditRead, Permission.BooksManage, Permission.VoucherDraft, Permission.VoucherPost, Permission.SharesManage, Permission.SharesObject, Permission.DividendsManage, Permission.DividendsPay, Permission.BudgetManage, Permission.WarningsHandle, Permission.DisclosureAnswer, Permission.ContractsManage, Permission.ContractsReceive],
  reviewer: [...STAFF_READ, Permission.VoucherReview],
  cashier: [...STAFF_READ, Permission.VoucherDraft, Permission.DividendsPay, Permission.ContractsReceive],
  // 反结账 is privileged: the board (理事会) authorizes it, with a reason that is logged.
  board: [...STAFF_READ, Permission.OrgSettingsWrite, Permission.PeriodReopen, Permission.SharesApprove, Permission.SharesObject, Permission.DividendsApprove, Permission.DividendsObject, Permission.BudgetApprove, Permission.DisclosureObject],
  // The supervisor (监委会 / 农办) may object to a distribution plan in its 公示, as may the board and the members.
  supervisor: [...STAFF_READ, Permission.AuditRead, Permission.DividendsObject, Permission.WarningsHandle, Permission.ThresholdsManage],
  auditor: [...STAFF_READ, Permission.AuditRead],
  // A shareholder may object during the 公示 of a share event or a distribution plan: that is what the notice is for.
  shareholder: [Permission.OrgRead, Permission.SharesObject, Permission.DividendsObject, Permission.DisclosureRead, Permission.DisclosureObject],
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
