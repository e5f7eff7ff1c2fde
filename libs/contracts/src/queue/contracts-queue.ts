import { orgJobId } from '@app/core';

/** The contracts' queue `contracts`: the month's rent accrual of one ledger. */
export const CONTRACTS_QUEUE = 'contracts';

/** One accrual per (organization, ledger, month): a double click enqueues once; the database refuses a second run anyway. */
export const accrualJobId = (orgId: string, ledgerId: string, period: string): string => orgJobId(orgId, 'accrual', `${ledgerId}.${period}`);
