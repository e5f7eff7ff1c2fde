import { orgJobId } from '@app/core';

/** The share register's queue `shares`: the nightly sweep and one finalize job per organization. */
export const SHARES_QUEUE = 'shares';

/** One finalize job per organization and day, however many workers run the sweep. */
export const finalizeDueJobId = (orgId: string, today: string): string => orgJobId(orgId, 'finalize-due', today);
