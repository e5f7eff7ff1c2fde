import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { LedgerModule } from '@app/ledger';
import { AccrualService } from './accrual.service.js';
import { ContractsController, TradesController } from './contracts.controller.js';
import { ContractsRepository } from './contracts.repository.js';
import { ContractsService } from './contracts.service.js';
import { AccrualProcessor } from './queue/accrual.processor.js';
import { CONTRACTS_QUEUE } from './queue/contracts-queue.js';
import { TradesService } from './trades.service.js';

/** Contracts (合同), rent and collective-asset trading (交易), SPEC §8; the `contracts` queue. */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule, BullModule.registerQueue({ name: CONTRACTS_QUEUE })],
  controllers: [ContractsController, TradesController],
  providers: [ContractsRepository, ContractsService, AccrualService, TradesService],
  exports: [ContractsService, AccrualService, TradesService, BullModule],
})
export class ContractsModule {}

/** The accrual processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [ContractsModule],
  providers: [AccrualProcessor],
})
export class ContractsWorkerModule {}
