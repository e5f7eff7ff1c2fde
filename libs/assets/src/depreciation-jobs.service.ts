import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { publicJobId } from '@app/core';
import { LedgersService } from '@app/ledger';
import { AssetsService } from './assets.service.js';
import { RunDepreciationDto } from './dto/assets.dto.js';
import { ASSETS_QUEUE, depreciationJobId, DepreciationJobData } from './queue/depreciation-queue.js';

/** 202: a month's depreciation runs on the `assets` queue; the job id is fixed per (org, ledger, month). Its workloads are checked before it is queued (400 WORKLOAD_INVALID). */
@Injectable()
export class DepreciationJobsService {
  constructor(
    @InjectQueue(ASSETS_QUEUE) private readonly queue: Queue<DepreciationJobData>,
    private readonly ledgers: LedgersService,
    private readonly assets: AssetsService,
  ) {}

  async enqueue(orgId: string, ledgerId: string, input: RunDepreciationDto, userId: string | null): Promise<{ jobId: string }> {
    await this.ledgers.get(orgId, ledgerId);
    await this.assets.validateRun(orgId, ledgerId, input.period, input.units ?? []);
    const id = depreciationJobId(orgId, ledgerId, input.period);
    await this.queue.add('depreciate', { orgId, requestedBy: userId, ledgerId, period: input.period, units: input.units ?? [] }, { jobId: id, attempts: 5, backoff: { type: 'fixed', delay: 500 } });
    return { jobId: publicJobId(ASSETS_QUEUE, id) };
  }
}
