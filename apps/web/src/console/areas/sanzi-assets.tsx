import { Permission } from '../session';
import { lazyScreen, type Area } from './types';

/**
 * 三资 · 资产: fixed-asset cards (list, detail, 新增, 处置), the month's depreciation through the
 * queue, 固定资产台账 / 折旧明细表, and the resources register. Lazy: none of it is in the first screen.
 * Paths are /fixed-assets…, not /assets…: the server keeps /assets/ for the built files.
 */
export const assetsArea: Area = {
  key: 'sanzi-assets',
  label: '三资·资产',
  screens: [
    { path: '/fixed-assets', label: '固定资产', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/assets/AssetsPage')) },
    { path: '/fixed-assets/depreciation', label: '计提折旧', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/assets/DepreciationPage')) },
    { path: '/fixed-assets/reports', label: '台账与折旧明细', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/assets/AssetReportsPage')) },
    { path: '/resources', label: '资源台账', permission: Permission.BooksRead, ...lazyScreen(() => import('../pages/assets/ResourcesPage')) },
  ],
};
