import { BullModule } from '@nestjs/bull';
import { Module, OnModuleInit } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { IntegrityChecks } from '@app/core';
import { LedgerModule } from '@app/ledger';
import { AccrualService } from './accrual.service.js';
import { ContractsController, TradesController } from './contracts.controller.js';
import { ContractsRepository } from './contracts.repository.js';
import { ContractsService } from './contracts.service.js';
import { AccrualProcessor } from './queue/accrual.processor.js';
import { CONTRACTS_QUEUE } from './queue/contracts-queue.js';
import { TradesService } from './trades.service.js';

/**
 * Contracts (合同), rent and collective-asset trading (交易), SPEC §8; the `contracts` queue.
 * Registers its reconciliation of the rent schedules with 112/113 per counterparty in the ledger's
 * integrity check (core's IntegrityChecks: the ledger does not import this context).
 */
@Module({
  imports: [AuditModule, AuthModule, LedgerModule, BullModule.registerQueue({ name: CONTRACTS_QUEUE })],
  controllers: [ContractsController, TradesController],
  providers: [ContractsRepository, ContractsService, AccrualService, TradesService],
  exports: [ContractsService, AccrualService, TradesService, BullModule],
})
export class ContractsModule implements OnModuleInit {
  constructor(
    private readonly checks: IntegrityChecks,
    private readonly contracts: ContractsService,
  ) {}

  onModuleInit(): void {
    this.checks.register('contracts.receivables', async (orgId, ledgerId) => {
      const r = await this.contracts.integrity(orgId, ledgerId);
      return { ok: r.ok, differences: r.problems };
    });
  }
}

/** The accrual processor; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [ContractsModule],
  providers: [AccrualProcessor],
})
export class ContractsWorkerModule {}
