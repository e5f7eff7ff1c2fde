import { lazy } from 'react';
import { Permission } from '../session';
import type { Area } from './types';

// 分红 (SPEC §2.5): plans, their calculation, 公示, approval, posting and payment.
const DistributionsPage = lazy(() => import('../pages/distribution/DistributionsPage'));

export const distributionArea: Area = {
  key: 'distribution',
  label: '分红',
  screens: [{ path: '/distributions', label: '分配方案', permission: Permission.BooksRead, element: <DistributionsPage /> }],
};
