import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuditService } from '@app/audit';
import { Decimal, money, OrgJobData, publicJobId, TransactionRunner } from '@app/core';
import { LedgersService, SystemAccount, VouchersService } from '@app/ledger';
import { ContractsRepository } from './contracts.repository.js';
import { accrualJobId, CONTRACTS_QUEUE } from './queue/contracts-queue.js';

export interface AccrualRun {
  runId: string;
  ledgerId: string;
  period: string;
  voucherId: string | null;
  total: string;
  billCount: number;
  /** false: the month had already been accrued; this call changed nothing. */
  created: boolean;
}

const lastDayOf = (period: string) => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);

/**
 * 计提租金: once per (organization, ledger, month). The run row is claimed first (unique per month:
 * a concurrent run waits on the key, then finds the month done); the month's unaccrued bills of
 * signed contracts are locked, one voucher posts Dr 112/113 per tenant / Cr 501 in total, dated the
 * month's last day, and the bills point at the run.
 */
@Injectable()
export class AccrualService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ContractsRepository,
    private readonly ledgers: LedgersService,
    private readonly vouchers: VouchersService,
    private readonly audit: AuditService,
    @InjectQueue(CONTRACTS_QUEUE) private readonly queue: Queue<OrgJobData & { ledgerId: string; period: string }>,
  ) {}

  async enqueue(orgId: string, ledgerId: string, period: string, userId: string): Promise<{ jobId: string }> {
    await this.ledgers.get(orgId, ledgerId);
    const id = accrualJobId(orgId, ledgerId, period);
    await this.queue.add('accrue', { orgId, requestedBy: userId, ledgerId, period }, { jobId: id, attempts: 5, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: 1000 });
    return { jobId: publicJobId(CONTRACTS_QUEUE, id) };
  }

  async accrue(orgId: string, ledgerId: string, period: string): Promise<AccrualRun> {
    return this.tx.run(async () => {
      await this.ledgers.get(orgId, ledgerId);
      const runId = randomUUID();
      if (!(await this.repo.claimRun(orgId, runId, ledgerId, period))) {
        const done = (await this.repo.run(orgId, ledgerId, period))!;
        return { runId: done.id, ledgerId, period, voucherId: done.voucher_id, total: money(done.total), billCount: done.bill_count, created: false };
      }
      const rows = await this.repo.billsToAccrue(orgId, ledgerId, period);
      const total = rows.reduce((s, r) => s.plus(r.amount), new Decimal(0));
      let voucherId: string | null = null;
      if (!total.isZero()) {
        const voucher = await this.vouchers.postSystemVoucher({
          orgId,
          ledgerId,
          date: lastDayOf(period),
          memo: `计提 ${period} 租金（${rows.length} 份合同）`,
          source: 'rent',
          sourceRef: `accrual:${period}`,
          lines: [
            ...rows.map((r) => ({ accountCode: r.receivable_account, debit: money(r.amount), counterparty: r.counterparty, memo: `${r.number} ${period} 租金` })),
            { accountCode: SystemAccount.OperatingIncome, credit: money(total), memo: `${period} 租金收入` },
          ],
        });
        voucherId = voucher.id;
      }
      await this.repo.markAccrued(orgId, runId, ledgerId, period, voucherId, money(total), rows.length);
      await this.audit.record({ orgId, action: 'rent.accrued', entity: 'rent_accrual_run', entityId: runId, payload: { ledgerId, period, total: money(total), contracts: rows.length, voucherId } });
      return { runId, ledgerId, period, voucherId, total: money(total), billCount: rows.length, created: true };
    });
  }
}
