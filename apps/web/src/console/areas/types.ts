import type { ReactNode } from 'react';
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
}

/** One group of the side menu (账务, 股权, 分红, 三资, 监管 …), written in its own file under areas/. */
export interface Area {
  key: string;
  label: string;
  screens: Screen[];
}
