import type { components } from '../../../api/schema';

export type Plan = components['schemas']['PlanView'];
export type Allocation = components['schemas']['AllocationView'];

/** `GET …/distributions/{planId}`: the plan and its payment batches. */
export interface PlanDetail extends Plan {
  paymentBatches: { id: string; status: 'prepared' | 'confirmed' | string; total: string; rows: number; voucherId: string | null; createdAt: string; confirmedAt: string | null }[];
}

export const PLAN_STATUSES: Record<string, string> = {
  draft: '草稿',
  calculated: '已计算',
  public_notice: '公示中',
  approved: '已批准',
  posted: '已记账',
  partly_paid: '部分发放',
  paid: '已发放',
};
