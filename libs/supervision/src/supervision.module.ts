import { BullModule } from '@nestjs/bull';
import { Module, OnModuleInit } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AssetsModule } from '@app/assets';
import { AuthModule } from '@app/auth';
import { ContractsModule } from '@app/contracts';
import { BookHooks } from '@app/core';
import { DividendsModule } from '@app/dividends';
import { LedgerModule } from '@app/ledger';
import { OrganizationsModule } from '@app/organizations';
import { BudgetController } from './budget.controller.js';
import { BudgetService } from './budget.service.js';
import { DashboardService } from './dashboard.service.js';
import { DrillDownService } from './drilldown.service.js';
import { DisclosureController } from './disclosure.controller.js';
import { DisclosureService } from './disclosure.service.js';
import { SupervisionProcessor, SupervisionSchedule } from './queue/supervision.processor.js';
import { SUPERVISION_QUEUE } from './queue/supervision-queue.js';
import { SupervisionRepository } from './supervision.repository.js';
import { WarningsController } from './warnings.controller.js';
import { WarningsService } from './warnings.service.js';

/**
 * Supervision (SPEC §9): the public budget, 三色预警, 财务公开. The ledger does not import it: it
 * listens to the books through core's BookHooks (month closed → publish the pack in the close's
 * transaction; voucher posted → the cheap rules).
 */
@Module({
  imports: [AuditModule, AuthModule, OrganizationsModule, LedgerModule, DividendsModule, AssetsModule, ContractsModule, BullModule.registerQueue({ name: SUPERVISION_QUEUE })],
  controllers: [BudgetController, WarningsController, DisclosureController],
  providers: [SupervisionRepository, BudgetService, WarningsService, DisclosureService, DashboardService, DrillDownService],
  exports: [BudgetService, WarningsService, DisclosureService, DashboardService, BullModule],
})
export class SupervisionModule implements OnModuleInit {
  constructor(
    private readonly hooks: BookHooks,
    private readonly disclosure: DisclosureService,
    private readonly warnings: WarningsService,
  ) {}

  onModuleInit(): void {
    this.hooks.onPeriodClosed(async (e) => {
      await this.disclosure.publish(e);
    });
    this.hooks.onVoucherPosted((e) => this.warnings.onPosted(e));
  }
}

/** The nightly sweep and the per-organization evaluations; imported by the worker (and the demo), not by the API. */
@Module({
  imports: [SupervisionModule, OrganizationsModule],
  providers: [SupervisionProcessor, SupervisionSchedule],
})
export class SupervisionWorkerModule {}
