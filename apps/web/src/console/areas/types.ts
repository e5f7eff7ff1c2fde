import { createElement, lazy, type ComponentType, type ReactNode } from 'react';
import type { PermissionName } from '../session';

/**
 * One screen of the console: its path, its menu label, the permission a role needs to see it (a
 * screen the role cannot use is not shown at all) and its element (lazy-loaded by its area file).
 */
export interface Screen {
  path: string;
  label: string;
  permission: PermissionName;
  element: ReactNode;
  /** Shown on a town (镇街) too. A town keeps no books or registers of its own, so only the
   *  screens that look across its organizations (dashboard, warnings, budgets, audit) are offered there. */
  onTown?: true;
  /** Starts loading the screen's code (a deep link to it does so with the frame); see lazyScreen. */
  preload?: () => void;
}

/** One group of the side menu (账务, 股权, 分红, 三资, 监管 …), written in its own file under areas/. */
export interface Area {
  key: string;
  label: string;
  screens: Screen[];
}

/** A lazy-loaded screen's element and its preload: `{ path, label, permission, ...lazyScreen(() => import('../pages/X')) }`. */
export function lazyScreen(load: () => Promise<{ default: ComponentType }>): Pick<Screen, 'element' | 'preload'> {
  const Page = lazy(load);
  return { element: createElement(Page), preload: () => void load() };
}
