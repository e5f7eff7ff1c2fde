import { orgJobId } from '@app/core';

/** The audit context's queue `audit`: verification of one organization's chain (SPEC §2.7). */
export const AUDIT_QUEUE = 'audit';

/** One verification per chain head: asking again before anything new is audited finds the same job. */
export const verifyJobId = (orgId: string, headSeq: string): string => orgJobId(orgId, 'verify', headSeq);
