import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { OrgJobData, RequestContext } from '@app/core';
import { DistributionsService } from '../distributions.service.js';
import { YEAR_END_QUEUE } from './year-end-queue.js';

/**
 * The `year-end` queue: a plan's calculation, as one database transaction (retried by Bull if the
 * worker dies). Two at a time per worker: a calculation waits on PostgreSQL most of its time (one
 * statement does the work), so a second one keeps the cores busy while the first waits on its
 * round trips and commit; each takes one pool connection.
 */
@Processor(YEAR_END_QUEUE)
export class DistributionProcessor {
  constructor(private readonly distributions: DistributionsService) {}

  @Process({ name: 'calculate', concurrency: 2 })
  async calculate(job: Job<OrgJobData & { planId: string }>) {
    await job.progress(5);
    const plan = await RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () => this.distributions.calculate(job.data.orgId, job.data.planId, (percent) => job.progress(percent)));
    await job.progress(100);
    return { planId: plan.id, status: plan.status, allocationCount: plan.allocationCount, grossTotal: plan.grossTotal };
  }
}
