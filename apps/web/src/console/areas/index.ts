import { auditArea, booksArea } from './books';
import { assetsArea } from './sanzi-assets';
import { contractsArea } from './sanzi-contracts';
import { distributionArea } from './distribution';
import { registerArea } from './register';
import { supervisionArea } from './supervision';
import type { Area } from './types';

/**
 * The console's menu, one area per context, in this order. A new area (股权, 分红, 三资, 监管 …)
 * is a file of its own under areas/ and one entry here; App.tsx needs no change.
 */
export const AREAS: Area[] = [booksArea, registerArea, distributionArea, assetsArea, contractsArea, supervisionArea, auditArea];

export type { Area, Screen } from './types';
