import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { BooksImportController } from './books-import.controller.js';
import { BooksImportRepository } from './books-import.repository.js';
import { BooksImportService } from './books-import.service.js';
import { LedgersController } from './ledgers.controller.js';
import { PeriodsController } from './periods.controller.js';
import { VouchersController } from './vouchers.controller.js';
import { BooksRepository } from './books.repository.js';
import { LedgersService } from './ledgers.service.js';
import { PeriodsService } from './periods.service.js';
import { ReportsService } from './reports.service.js';
import { LedgerReportsService } from './ledger-reports.service.js';
import { VouchersService } from './vouchers.service.js';

/** The books: ledgers, accounts, vouchers, periods, year-end close, reports, bulk import (SPEC §2.1–2.3, §2.6). */
@Module({
  imports: [AuditModule, AuthModule],
  controllers: [LedgersController, VouchersController, PeriodsController, BooksImportController],
  providers: [BooksRepository, BooksImportRepository, LedgersService, VouchersService, PeriodsService, ReportsService, LedgerReportsService, BooksImportService],
  exports: [LedgersService, VouchersService, PeriodsService, ReportsService, LedgerReportsService, BooksImportService],
})
export class LedgerModule {}
