import { orgJobId } from '@app/core';

/** The supervision queue: the nightly sweep and one warnings evaluation per organization and day. */
export const SUPERVISION_QUEUE = 'supervision';

/** One evaluation per organization, year and day, however many workers run the sweep. */
export const evaluateJobId = (orgId: string, year: string, today: string): string => orgJobId(orgId, 'warnings', `${year}.${today}`);
