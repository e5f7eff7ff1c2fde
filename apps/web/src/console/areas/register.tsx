import { lazy } from 'react';
import { Permission } from '../session';
import type { Area } from './types';

// 股权 (SPEC §2.4): the register's screens, each loaded on demand.
const RegisterPage = lazy(() => import('../pages/register/RegisterPage'));
const ShareholdersPage = lazy(() => import('../pages/register/ShareholdersPage'));
const HouseholdsPage = lazy(() => import('../pages/register/HouseholdsPage'));
const ShareClassesPage = lazy(() => import('../pages/register/ShareClassesPage'));
const ShareEventsPage = lazy(() => import('../pages/register/ShareEventsPage'));

export const registerArea: Area = {
  key: 'register',
  label: '股权',
  screens: [
    { path: '/register', label: '股东名册', permission: Permission.SharesRead, element: <RegisterPage /> },
    { path: '/share-events', label: '股权变动', permission: Permission.SharesRead, element: <ShareEventsPage /> },
    { path: '/shareholders', label: '股东', permission: Permission.SharesRead, element: <ShareholdersPage /> },
    { path: '/households', label: '户', permission: Permission.SharesRead, element: <HouseholdsPage /> },
    { path: '/share-classes', label: '股种', permission: Permission.SharesRead, element: <ShareClassesPage /> },
  ],
};
