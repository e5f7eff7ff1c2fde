import { lazy } from 'react';
import { Permission } from '../session';
import type { Area } from './types';

const ContractsPage = lazy(() => import('../pages/contracts/ContractsPage'));
const RentReportsPage = lazy(() => import('../pages/contracts/RentReportsPage'));
const TradesPage = lazy(() => import('../pages/contracts/TradesPage'));

/** 三资 · 合同: 合同台账 (with the month's accrual and receipts), 账龄 and the reports, 集体资产交易. */
export const contractsArea: Area = {
  key: 'sanzi-contracts',
  label: '三资·合同',
  screens: [
    { path: '/contracts', label: '合同台账', permission: Permission.BooksRead, element: <ContractsPage /> },
    { path: '/contracts/aging', label: '租金账龄', permission: Permission.BooksRead, element: <RentReportsPage /> },
    { path: '/trades', label: '资产交易', permission: Permission.BooksRead, element: <TradesPage /> },
  ],
};
