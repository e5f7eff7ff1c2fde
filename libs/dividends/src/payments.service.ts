import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, Decimal, money, TransactionRunner } from '@app/core';
import { SystemAccount, VouchersService } from '@app/ledger';
import { dividendsError } from './dividends-errors.js';
import { DistributionsRepository } from './distributions.repository.js';
import { DistributionsService } from './distributions.service.js';

export interface BatchRow {
  shareholderId: string;
  payeeId: string;
  amount: string;
  name: string;
  idNumber: string | null;
  bankAccount: string | null;
}

/**
 * Payment batches (代发): unpaid, non-withheld allocations (a withheld amount is released once its
 * holder has nothing frozen), paid to the shareholder or to the household head; confirming posts
 * Dr payable / Cr 102 for the batch and marks the rows paid. A row is in one prepared batch at a
 * time, and paying checks what is still unpaid, under the row lock: nothing is paid twice.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: DistributionsRepository,
    private readonly plans: DistributionsService,
    private readonly vouchers: VouchersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async prepare(orgId: string, planId: string, payTo: 'shareholder' | 'household_head') {
    return this.tx.run(async () => {
      const plan = await this.plans.load(orgId, planId, true);
      if (!['posted', 'partly_paid'].includes(plan.status)) throw dividendsError('PLAN_STATE', `Only a posted plan is paid; this one is ${plan.status}`, 409);
      const released = await this.repo.releaseWithheld(orgId, planId);
      if (released > 0) await this.audit.record({ orgId, action: 'distribution.withheld_released', entity: 'distribution_allocations', entityId: planId, payload: { released } });
      const payable = await this.repo.payable(orgId, planId);
      if (payable.length === 0) throw dividendsError('NOTHING_TO_PAY', 'Every payable allocation is paid or in a prepared batch', 409);
      const byId = new Map(payable.map((p) => [p.shareholder_id, p]));
      const heads = payTo === 'household_head' ? await this.heads(orgId, payable.map((p) => p.head_id).filter((h): h is string => !!h)) : new Map();
      const rows: BatchRow[] = payable.map((p) => {
        const head = payTo === 'household_head' && p.head_id ? (byId.get(p.head_id) ?? heads.get(p.head_id)) : undefined;
        const payee = head ?? p;
        return { shareholderId: p.shareholder_id, payeeId: head ? p.head_id! : p.shareholder_id, amount: money(p.amount), name: payee.name, idNumber: payee.id_number, bankAccount: payee.bank_account };
      });
      const total = money(rows.reduce((s, r) => s.plus(r.amount), new Decimal(0)));
      const id = randomUUID();
      await this.repo.insertBatch(orgId, { id, planId, total, rows });
      await this.audit.record({ orgId, action: 'distribution.batch_prepared', entity: 'distribution_plan', entityId: planId, payload: { batchId: id, total, rows: rows.length, payTo } });
      return { id, status: 'prepared', total, rows: rows.length, payees: new Set(rows.map((r) => r.payeeId)).size };
    });
  }

  /**
   * The bank's 代发 file: one line per payee (name, whole 证件号码, account, amount, reference), UTF-8
   * with BOM. The bank checks 户名 + 证件号码 + 账号 together (实名), so a masked number is useless to it;
   * the file is for the bank and downloaded by the cashier, who may see it.
   */
  async file(orgId: string, planId: string, batchId: string): Promise<string> {
    const plan = await this.plans.load(orgId, planId);
    const batch = await this.repo.batch(orgId, planId, batchId);
    if (!batch) throw dividendsError('BATCH_NOT_FOUND', 'Payment batch not found', 404);
    const payees = new Map<string, { name: string; idNumber: string | null; bankAccount: string | null; amount: Decimal }>();
    for (const r of batch.rows) {
      const p = payees.get(r.payeeId) ?? { name: r.name, idNumber: r.idNumber, bankAccount: r.bankAccount, amount: new Decimal(0) };
      p.amount = p.amount.plus(r.amount);
      payees.set(r.payeeId, p);
    }
    const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = ['姓名,证件号码,账号,金额,附言'];
    for (const p of payees.values()) {
      lines.push([p.name, p.idNumber ?? '', p.bankAccount ?? '', money(p.amount), `${plan.fiscal_year}年度分红`].map(cell).join(','));
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  async confirm(orgId: string, planId: string, batchId: string, bankAccountCode: string = SystemAccount.Bank) {
    return this.tx.run(async () => {
      const plan = await this.plans.load(orgId, planId, true);
      const batch = await this.repo.batch(orgId, planId, batchId, true);
      if (!batch) throw dividendsError('BATCH_NOT_FOUND', 'Payment batch not found', 404);
      if (batch.status !== 'prepared') throw dividendsError('BATCH_STATE', 'This batch is already confirmed', 409);
      for (const r of batch.rows) {
        if (!(await this.repo.pay(orgId, planId, r.shareholderId, r.amount))) throw dividendsError('BATCH_STALE', `Shareholder ${r.shareholderId} no longer has ${r.amount} unpaid`, 409);
      }
      const voucher = await this.vouchers.postSystemVoucher({
        orgId,
        ledgerId: plan.ledger_id,
        date: this.clock.today(),
        memo: `支付${plan.fiscal_year}年度股东红利`,
        source: 'payment',
        sourceRef: `distribution:${plan.id}:batch:${batchId}`,
        lines: [
          { accountCode: plan.payable_account, debit: money(batch.total), counterparty: `${plan.fiscal_year}年度分配方案` },
          { accountCode: bankAccountCode, credit: money(batch.total) },
        ],
      });
      await this.repo.confirmBatch(orgId, batchId, voucher.id);
      const status = (await this.repo.unpaidCount(orgId, planId)) === 0 ? 'paid' : 'partly_paid';
      await this.repo.setStatus(orgId, planId, status);
      await this.audit.recordMany([
        { orgId, action: 'distribution.batch_confirmed', entity: 'distribution_plan', entityId: planId, payload: { batchId, voucherId: voucher.id } },
        { orgId, action: 'distribution.paid', entity: 'distribution_allocations', entityId: planId, payload: { batchId, total: money(batch.total) } },
      ]);
      return { id: batchId, status: 'confirmed', total: money(batch.total), voucherId: voucher.id, planStatus: status };
    });
  }

  private async heads(orgId: string, ids: string[]) {
    const rows = await this.repo.holders(orgId, ids);
    return new Map(rows.map((r) => [r.shareholder_id, { ...r, amount: '0', household_id: null, head_id: null }]));
  }
}
