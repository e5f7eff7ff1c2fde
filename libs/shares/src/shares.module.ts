import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { OrganizationsModule } from '@app/organizations';
import { RegisterService } from './register.service.js';
import { ShareEventsProcessor, ShareEventsSchedule } from './queue/share-events.processor.js';
import { SHARES_QUEUE } from './queue/shares-queue.js';
import { ShareEventsService } from './share-events.service.js';
import { MySharesController, RegisterController, ShareEventsController } from './shares.controller.js';
import { SharesRepository } from './shares.repository.js';

/** The share register: households, shareholders, classes, share events, holdings (SPEC §2.4). */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule, OrganizationsModule, BullModule.registerQueue({ name: SHARES_QUEUE })],
  controllers: [RegisterController, ShareEventsController, MySharesController],
  providers: [SharesRepository, RegisterService, ShareEventsService],
  exports: [RegisterService, ShareEventsService, SharesRepository, BullModule],
})
export class SharesModule {}

/** The nightly sweep and its processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [SharesModule],
  providers: [ShareEventsProcessor, ShareEventsSchedule],
})
export class SharesWorkerModule {}
