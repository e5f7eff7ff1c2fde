import { correction } from './correction.js';
import type { ShareEventType } from './event-type.js';
import { freeze, unfreeze } from './freeze.js';
import { inheritance } from './inheritance.js';
import { initialAllocation } from './initial-allocation.js';
import { projectInvestment, purchase, redemption } from './money.js';
import { gift, transfer } from './transfer.js';

export { EventContext } from './event-type.js';
export type { BuiltEvent, EventDeps, ShareEventType } from './event-type.js';

/** Every share-event type of SPEC §2.4 (the `ck_share_events_type` list), one module each. */
export const SHARE_EVENT_TYPES: Readonly<Record<string, ShareEventType>> = {
  initial_allocation: initialAllocation,
  transfer,
  gift,
  inheritance,
  purchase,
  project_investment: projectInvestment,
  redemption,
  freeze,
  unfreeze,
  correction,
};
