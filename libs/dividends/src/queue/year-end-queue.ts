import { orgJobId } from '@app/core';

/** The distribution's queue `year-end`: a plan's calculation. */
export const YEAR_END_QUEUE = 'year-end';

/**
 * One calculation per plan version (its last calculation time, 0 before the first): a double click
 * enqueues once, a recalculation after an objection gets a new job.
 */
export const calculateJobId = (orgId: string, planId: string, calculatedAt: Date | null): string =>
  orgJobId(orgId, 'calculate', `${planId}.v${calculatedAt ? calculatedAt.getTime() : 0}`);
