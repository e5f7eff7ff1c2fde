import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { OrgJobData, RequestContext } from '@app/core';
import { AccrualService } from '../accrual.service.js';
import { CONTRACTS_QUEUE } from './contracts-queue.js';

/** The `contracts` queue: a month's accrual, one transaction, one voucher (Bull retries if the worker dies). */
@Processor(CONTRACTS_QUEUE)
export class AccrualProcessor {
  constructor(private readonly accruals: AccrualService) {}

  @Process({ name: 'accrue', concurrency: 4 })
  async accrue(job: Job<OrgJobData & { ledgerId: string; period: string }>) {
    await job.progress(5);
    const run = await RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () => this.accruals.accrue(job.data.orgId, job.data.ledgerId, job.data.period));
    await job.progress(100);
    return run;
  }
}
