import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The portal's pages, in tab-bar order: a page is one file in this folder and one entry here
 * (财务公开 is the last). Each is loaded when first opened, so the first
 * screen carries only the login and 我的股份.
 */
export interface PortalPage {
  /** the path under /m/ */
  path: string;
  title: string;
  /** a short label for the tab bar */
  tab: string;
  icon: string;
  component: LazyExoticComponent<ComponentType>;
}

export const PAGES: PortalPage[] = [
  { path: 'holdings', title: '我的股份', tab: '股份', icon: '股', component: lazy(() => import('./HoldingsPage')) },
  { path: 'events', title: '我的变动', tab: '变动', icon: '变', component: lazy(() => import('./EventsPage')) },
  { path: 'dividends', title: '我的分红', tab: '分红', icon: '红', component: lazy(() => import('./DividendsPage')) },
  { path: 'objections', title: '公示与异议', tab: '异议', icon: '议', component: lazy(() => import('./ObjectionsPage')) },
  { path: 'disclosure', title: '财务公开', tab: '公开', icon: '公', component: lazy(() => import('./DisclosurePage')) },
];
