import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { OrgJobData, RequestContext } from '@app/core';
import { DistributionsService } from '../distributions.service.js';
import { YEAR_END_QUEUE } from './year-end-queue.js';

/** The `year-end` queue: a plan's calculation, as one database transaction (retried by Bull if the worker dies). */
@Processor(YEAR_END_QUEUE)
export class DistributionProcessor {
  constructor(private readonly distributions: DistributionsService) {}

  @Process('calculate')
  async calculate(job: Job<OrgJobData & { planId: string }>) {
    await job.progress(5);
    const plan = await RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () => this.distributions.calculate(job.data.orgId, job.data.planId, (percent) => job.progress(percent)));
    await job.progress(100);
    return { planId: plan.id, status: plan.status, allocationCount: plan.allocationCount, grossTotal: plan.grossTotal };
  }
}
