import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { DomainError, ErrorCode, OrgJobData, parsePublicJobId, Principal } from '@app/core';
import { Permission, TenancyService } from '@app/auth';
import { JobQueues } from './job-queues.js';

export interface JobView {
  id: string;
  queue: string;
  name: string;
  orgId: string;
  state: string;
  progress: number;
  result: unknown;
  failedReason: string | null;
  attemptsMade: number;
  createdAt: string;
  finishedAt: string | null;
}

const notFound = () => new DomainError(ErrorCode.JOB_NOT_FOUND, 'Job not found', 404);

@Injectable()
export class JobsService {
  constructor(
    private readonly queues: JobQueues,
    private readonly tenancy: TenancyService,
  ) {}

  async get(principal: Principal, id: string): Promise<JobView> {
    const parsed = parsePublicJobId(id);
    if (!parsed) throw notFound();
    const queue = this.queues.get(parsed.queue) as Queue<OrgJobData> | undefined;
    if (!queue) throw notFound();
    let job = await queue.getJob(parsed.bullJobId);
    if (!job) throw notFound();
    try {
      await this.tenancy.assertOrgAccess(principal, job.data.orgId, Permission.JobsRead);
    } catch (error) {
      // A job of an organization the caller cannot see does not exist for them.
      if (error instanceof DomainError && error.status === 404) throw notFound();
      throw error;
    }
    const state = await job.getState();
    // The job was read before its state: one that finished in between is read again, so that a
    // finished state never comes with the result (or failure) still missing.
    if ((state === 'completed' || state === 'failed') && !job.finishedOn) job = (await queue.getJob(parsed.bullJobId)) ?? job;
    const progress = job.progress() as unknown;
    return {
      id,
      queue: parsed.queue,
      name: job.name,
      orgId: job.data.orgId,
      state,
      progress: typeof progress === 'number' ? progress : 0,
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      createdAt: new Date(job.timestamp).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}
