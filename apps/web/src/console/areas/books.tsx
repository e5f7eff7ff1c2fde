import { Permission } from '../session';
import { lazyScreen, type Area } from './types';

// Screens load on demand: the first screen carries only what it shows.
export const booksArea: Area = {
  key: 'books',
  label: '账务',
  screens: [
    { path: '/vouchers/new', label: '凭证录入', permission: Permission.VoucherDraft, ...lazyScreen(() => import('../pages/VoucherEntryPage')) },
    { path: '/vouchers', label: '凭证列表', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/VoucherListPage')) },
    { path: '/accounts', label: '科目与期初', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/AccountsPage')) },
    { path: '/periods', label: '结账', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/PeriodsPage')) },
    { path: '/reports', label: '报表', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/ReportsPage')) },
  ],
};

export const auditArea: Area = {
  key: 'audit',
  label: '审计',
  screens: [{ path: '/audit', label: '审计', permission: Permission.AuditRead, onTown: true, ...lazyScreen(() => import('../pages/AuditPage')) }],
};
