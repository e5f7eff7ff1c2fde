import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { Clock, OrgJobData, RequestContext } from '@app/core';
import { OrganizationsService } from '@app/organizations';
import { WarningsService } from '../warnings.service.js';
import { evaluateJobId, SUPERVISION_QUEUE } from './supervision-queue.js';

/** The years a night evaluates: this one, and the last until its books are closed in spring (through March). */
export function yearsToEvaluate(today: string): string[] {
  const year = Number(today.slice(0, 4));
  return today.slice(5, 7) <= '03' ? [String(year - 1), String(year)] : [String(year)];
}

/**
 * The nightly warnings: the sweep enqueues one `evaluate` job per organization (a job never spans
 * organizations); each is one transaction, idempotent by the warnings' key, so a retried or doubled
 * job finds the same warnings.
 */
@Processor(SUPERVISION_QUEUE)
export class SupervisionProcessor {
  constructor(
    private readonly warnings: WarningsService,
    private readonly orgs: OrganizationsService,
    private readonly clock: Clock,
    @InjectQueue(SUPERVISION_QUEUE) private readonly queue: Queue,
  ) {}

  @Process('sweep')
  async sweep(job: Job<{ today?: string }>): Promise<{ jobs: number }> {
    const today = job.data.today ?? this.clock.today();
    const ids = await this.orgs.operatingIds();
    let jobs = 0;
    for (const orgId of ids) {
      for (const year of yearsToEvaluate(today)) {
        await this.queue.add('evaluate', { orgId, requestedBy: null, year } satisfies OrgJobData & { year: string }, { jobId: evaluateJobId(orgId, year, today), removeOnComplete: 1000, removeOnFail: 1000 });
        jobs += 1;
      }
    }
    return { jobs };
  }

  @Process({ name: 'evaluate', concurrency: 1 })
  async evaluate(job: Job<OrgJobData & { year: string }>) {
    return RequestContext.run({ requestId: `job-${job.id}`, principal: null }, () => this.warnings.evaluate(job.data.orgId, job.data.year));
  }
}

@Injectable()
export class SupervisionSchedule implements OnApplicationBootstrap {
  constructor(@InjectQueue(SUPERVISION_QUEUE) private readonly queue: Queue) {}

  /** One repeatable job, whatever the number of workers (Bull keys repeatable jobs by name and schedule). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add('sweep', {}, { repeat: { cron: '30 1 * * *', tz: 'Asia/Shanghai' }, removeOnComplete: 30, removeOnFail: 30 });
  }
}
