import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { OrganizationsModule } from '@app/organizations';
import { SharesModule } from '@app/shares';
import { DistributionProcessor } from './queue/distribution.processor.js';
import { YEAR_END_QUEUE } from './queue/year-end-queue.js';
import { DistributionsController, StatementsController } from './distributions.controller.js';
import { DistributionsRepository } from './distributions.repository.js';
import { DistributionsService } from './distributions.service.js';
import { PaymentsService } from './payments.service.js';

/** The year-end distribution (SPEC §2.5): plans, the `year-end` queue, posting, payments, statements. */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule, OrganizationsModule, SharesModule, BullModule.registerQueue({ name: YEAR_END_QUEUE })],
  controllers: [DistributionsController, StatementsController],
  providers: [DistributionsRepository, DistributionsService, PaymentsService],
  exports: [DistributionsService, PaymentsService, BullModule],
})
export class DividendsModule {}

/** The calculation processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [DividendsModule],
  providers: [DistributionProcessor],
})
export class DividendsWorkerModule {}
