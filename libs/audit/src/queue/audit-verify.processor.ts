import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type { OrgJobData } from '@app/core';
import { AuditLogService, VerifyResult } from '../audit-log.service.js';
import { AUDIT_QUEUE } from './audit-queue.js';

@Processor(AUDIT_QUEUE)
export class AuditVerifyProcessor {
  constructor(private readonly log: AuditLogService) {}

  @Process('verify')
  async verify(job: Job<OrgJobData>): Promise<VerifyResult> {
    const total = await this.log.count(job.data.orgId);
    const result = await this.log.verify(job.data.orgId, (checked) => job.progress(total === 0 ? 0 : Math.min(99, Math.floor((checked * 100) / total))));
    await job.progress(100);
    return result;
  }
}
