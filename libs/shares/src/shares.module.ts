import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { RegisterService } from './register.service.js';
import { ShareEventsService } from './share-events.service.js';
import { RegisterController, ShareEventsController } from './shares.controller.js';
import { SharesRepository } from './shares.repository.js';

/** The share register: households, shareholders, classes, share events, holdings (SPEC §2.4). */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule],
  controllers: [RegisterController, ShareEventsController],
  providers: [SharesRepository, RegisterService, ShareEventsService],
  exports: [RegisterService, ShareEventsService],
})
export class SharesModule {}
