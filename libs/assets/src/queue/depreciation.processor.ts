import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { RequestContext } from '@app/core';
import { AssetsService } from '../assets.service.js';
import type { RunView } from '../dto/assets.dto.js';
import { ASSETS_QUEUE, DepreciationJobData } from './depreciation-queue.js';

/** The `assets` queue: one month's depreciation of one ledger per job, in one transaction (a crash leaves nothing; a retry finds the month claimed or runs it). */
@Processor(ASSETS_QUEUE)
export class DepreciationProcessor {
  constructor(private readonly assets: AssetsService) {}

  @Process('depreciate')
  async depreciate(job: Job<DepreciationJobData>): Promise<RunView> {
    await job.progress(10);
    const run = await RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () => this.assets.runMonth(job.data.orgId, job.data.ledgerId, job.data.period, job.data.units));
    await job.progress(100);
    return run;
  }
}
