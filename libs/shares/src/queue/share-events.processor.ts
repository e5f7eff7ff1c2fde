import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { Clock, OrgJobData, RequestContext } from '@app/core';
import { ShareEventsService } from '../share-events.service.js';
import { SharesRepository } from '../shares.repository.js';
import { finalizeDueJobId, SHARES_QUEUE } from './shares-queue.js';

/**
 * The scheduled sweep: every night (China time) it finds the organizations with share events whose
 * 公示 has ended and enqueues one finalize job per organization (a job never spans organizations).
 */
@Processor(SHARES_QUEUE)
export class ShareEventsProcessor {
  constructor(
    private readonly events: ShareEventsService,
    private readonly repo: SharesRepository,
    private readonly clock: Clock,
    @InjectQueue(SHARES_QUEUE) private readonly queue: Queue,
  ) {}

  @Process('sweep')
  async sweep(): Promise<{ organizations: number }> {
    const today = this.clock.today();
    const orgs = await this.repo.orgsWithDueEvents(today);
    for (const orgId of orgs) {
      await this.queue.add('finalize-due', { orgId, requestedBy: null } satisfies OrgJobData, { jobId: finalizeDueJobId(orgId, today) });
    }
    return { organizations: orgs.length };
  }

  @Process('finalize-due')
  async finalizeDue(job: Job<OrgJobData>) {
    return RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () => this.events.finalizeDue(job.data.orgId, null));
  }
}

@Injectable()
export class ShareEventsSchedule implements OnApplicationBootstrap {
  constructor(@InjectQueue(SHARES_QUEUE) private readonly queue: Queue) {}

  /** One repeatable job, whatever the number of workers: Bull keys repeatable jobs by name and schedule. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add('sweep', {}, { repeat: { cron: '10 0 * * *', tz: 'Asia/Shanghai' }, removeOnComplete: 30, removeOnFail: 30 });
  }
}
