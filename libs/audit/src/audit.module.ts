import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';
import { AUDIT_QUEUE } from './queue/audit-queue.js';
import { AuditVerifyProcessor } from './queue/audit-verify.processor.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

@Module({
  imports: [BullModule.registerQueue({ name: AUDIT_QUEUE })],
  controllers: [AuditController],
  providers: [AuditService, AuditLogService, AuditLogRepository],
  exports: [AuditService, AuditLogService, BullModule],
})
export class AuditModule {}

/** The audit queue's processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [AuditModule],
  providers: [AuditVerifyProcessor],
})
export class AuditWorkerModule {}
