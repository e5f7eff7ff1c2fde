import { lazy } from 'react';
import { Permission } from '../session';
import type { Area } from './types';

// Screens load on demand: the first screen carries only what it shows.
const VoucherEntryPage = lazy(() => import('../pages/VoucherEntryPage'));
const VoucherListPage = lazy(() => import('../pages/VoucherListPage'));
const PeriodsPage = lazy(() => import('../pages/PeriodsPage'));
const ReportsPage = lazy(() => import('../pages/ReportsPage'));
const AccountsPage = lazy(() => import('../pages/AccountsPage'));
const AuditPage = lazy(() => import('../pages/AuditPage'));

export const booksArea: Area = {
  key: 'books',
  label: '账务',
  screens: [
    { path: '/vouchers/new', label: '凭证录入', permission: Permission.VoucherDraft, element: <VoucherEntryPage /> },
    { path: '/vouchers', label: '凭证列表', permission: Permission.BooksRead, element: <VoucherListPage /> },
    { path: '/accounts', label: '科目与期初', permission: Permission.BooksRead, element: <AccountsPage /> },
    { path: '/periods', label: '结账', permission: Permission.BooksRead, element: <PeriodsPage /> },
    { path: '/reports', label: '报表', permission: Permission.BooksRead, element: <ReportsPage /> },
  ],
};

export const auditArea: Area = {
  key: 'audit',
  label: '审计',
  screens: [{ path: '/audit', label: '审计', permission: Permission.AuditRead, element: <AuditPage /> }],
};
