import { Permission } from '../session';
import { lazyScreen, type Area } from './types';

// 监管 (SPEC §9): the town's dashboard and warnings, the public budget, 财务公开. Loaded on demand.
export const supervisionArea: Area = {
  key: 'supervision',
  label: '监管',
  screens: [
    { path: '/supervision', label: '监管看板', permission: Permission.SupervisionRead, onTown: true, ...lazyScreen(() => import('../pages/supervision/DashboardPage')) },
    { path: '/warnings', label: '预警', permission: Permission.SupervisionRead, onTown: true, ...lazyScreen(() => import('../pages/supervision/WarningsPage')) },
    { path: '/budgets', label: '预算', permission: Permission.SupervisionRead, onTown: true, ...lazyScreen(() => import('../pages/supervision/BudgetPage')) },
    { path: '/disclosure', label: '财务公开', permission: Permission.DisclosureRead, ...lazyScreen(() => import('../pages/supervision/DisclosurePage')) },
  ],
};
