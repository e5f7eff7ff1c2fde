import type { INestApplicationContext } from '@nestjs/common';
import { Clock, Principal, RequestContext, TransactionRunner } from '@app/core';
import { LedgersService, PeriodsService, VouchersService } from '@app/ledger';
import { BudgetService, WarningsService } from '@app/supervision';

type Staff = 'accountant' | 'reviewer' | 'board' | 'supervisor';
type Line = { accountCode: string; debit?: string; credit?: string };

/** The public book's items (SPEC §9) and the sub-accounts whose spending each covers. */
const ITEMS: { code: string; name: string; account: string; parent: string; budget: string; monthly: string }[] = [
  { code: 'ZA', name: '治安', account: '51301', parent: '513', budget: '120000.00', monthly: '10000.00' },
  { code: 'HW', name: '环卫', account: '51302', parent: '513', budget: '80000.00', monthly: '7000.00' },
  { code: 'XZ', name: '行政管理', account: '51303', parent: '513', budget: '60000.00', monthly: '4500.00' },
  { code: 'RY', name: '人员报酬', account: '51304', parent: '513', budget: '200000.00', monthly: '16000.00' },
  { code: 'GY', name: '公益事业', account: '51401', parent: '514', budget: '50000.00', monthly: '3000.00' },
  { code: 'SB', name: '社会保障', account: '51402', parent: '514', budget: '30000.00', monthly: '2000.00' },
  { code: 'QT', name: '其他', account: '51501', parent: '515', budget: '10000.00', monthly: '500.00' },
];

/** The town's thresholds (sanzi-domain.md §4's figures), from the start of 2024. */
const THRESHOLDS: [string, string][] = [
  ['cash_limit', '5000.00'],
  ['large_cash_payment', '5000.00'],
  ['budget_yellow_percent', '90.00'],
  ['budget_red_percent', '100.00'],
  ['disclosure_due_day', '10.00'],
  ['close_due_day', '15.00'],
];

/**
 * The town's thresholds for the contract rules (W8 到期, W9 欠租, W10 未进场交易), from 2023-01-01 so
 * that they are in force on the demo contracts' signing day (2023-12-20) and on every 2024 bill:
 * expiring within 60 days yellow, within 30 red; rent overdue more than 30 days yellow, more than 90
 * red; a yearly rent of 200,000.00 or more must go through a trade.
 */
const CONTRACT_THRESHOLDS: [string, string][] = [
  ['contract_expiry_days', '60.00'],
  ['contract_expiry_red_days', '30.00'],
  ['rent_overdue_days', '30.00'],
  ['rent_overdue_red_days', '90.00'],
  ['trade_required_rent', '200000.00'],
];
const CONTRACT_THRESHOLDS_FROM = '2023-01-01';

/**
 * The 经联社's public-expenditure ledger (村级公共开支, 分账核算): a 2024 budget approved by the board,
 * a year of spending paid from the bank (环卫 runs over its budget; one large cash payment in July
 * leaves cash over the limit), every month closed — so every month's 财务公开 pack is published — and
 * the warnings evaluated. The collective ledger of SPEC §6 is not touched. Skips if the ledger exists.
 */
export async function seedDemoSupervision(app: INestApplicationContext, townId: string, unionId: string): Promise<void> {
  const ledgers = app.get(LedgersService);
  const existing = (await ledgers.list(unionId, { limit: 1000 })).items;
  if (existing.some((l) => l.kind === 'public')) return;
  const rows: { id: string; username: Staff }[] = await app.get(TransactionRunner).manager.query(`SELECT id, username FROM users WHERE username IN ('accountant', 'reviewer', 'board', 'supervisor')`);
  const ids = Object.fromEntries(rows.map((r) => [r.username, r.id])) as Record<Staff, string>;
  const as = <T>(username: Staff, fn: () => Promise<T>) => {
    const principal: Principal = { userId: ids[username], username, isAdmin: false, grants: [], shareholderId: null };
    return RequestContext.run({ requestId: 'demo-seed', principal }, fn);
  };
  const vouchers = app.get(VouchersService);
  const periods = app.get(PeriodsService);
  const budgets = app.get(BudgetService);
  const warnings = app.get(WarningsService);

  const ledger = await as('accountant', () => ledgers.create(unionId, { name: '村级公共开支账', kind: 'public', chart: '2023', startPeriod: '2024-01' }));
  await as('accountant', () => ledgers.addAccount(unionId, ledger.id, { code: '10201', name: '东莞农商银行温塘支行', parentCode: '102' }));
  for (const item of ITEMS) await as('accountant', () => ledgers.addAccount(unionId, ledger.id, { code: item.account, name: item.name, parentCode: item.parent }));
  for (const [param, value] of THRESHOLDS) await as('supervisor', () => warnings.setThreshold(townId, { param, value, effectiveFrom: '2024-01-01' }, ids.supervisor));

  const lines = ITEMS.map((i) => ({ itemCode: i.code, itemName: i.name, amount: i.budget, accounts: [i.account] }));
  const draft = await as('accountant', () => budgets.create(unionId, ledger.id, 2024, lines, ids.accountant));
  await as('board', () => budgets.approve(unionId, ledger.id, draft.id, ids.board));

  const book = async (date: string, memo: string, voucherLines: Line[]) => {
    const v = await as('accountant', () => vouchers.draft(unionId, ledger.id, { date, memo, lines: voucherLines, attachments: 1 }, ids.accountant));
    await as('reviewer', () => vouchers.review(unionId, ledger.id, v.id, ids.reviewer));
    await as('accountant', () => vouchers.post(unionId, ledger.id, v.id, ids.accountant));
  };
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    await book(`2024-${mm}-03`, '收到街道公共服务经费', [{ accountCode: '10201', debit: '45000.00' }, { accountCode: '503', credit: '45000.00' }]);
    for (const item of ITEMS) await book(`2024-${mm}-20`, `支付${item.name}费用`, [{ accountCode: item.account, debit: item.monthly }, { accountCode: '10201', credit: item.monthly }]);
    if (m === 7) {
      await book('2024-07-08', '提取现金备用', [{ accountCode: '101', debit: '12000.00' }, { accountCode: '10201', credit: '12000.00' }]);
      await book('2024-07-09', '现金支付河道清淤劳务费', [{ accountCode: ITEMS[1].account, debit: '6000.00' }, { accountCode: '101', credit: '6000.00' }]);
    }
    if (m < 12) await as('accountant', () => periods.close(unionId, ledger.id, `2024-${mm}`));
  }
  await as('accountant', () => periods.closeYear(unionId, ledger.id, '2024'));
  await as('accountant', () => periods.close(unionId, ledger.id, '2024-12'));
  await as('supervisor', () => warnings.evaluate(unionId, '2024'));
}

/**
 * Once the 经济社's contracts exist (apps/cli/src/demo/seed-contracts.ts): the town's contract
 * thresholds, then the 经济社's warnings evaluated for this year (the contract rules look at the
 * register as it stands today) — so the dashboard shows the lease ending this month (W8), the unpaid
 * 2024 rent (W9) and the large leases signed without a trade (W10). Skipped when the town has set
 * the contract thresholds already.
 */
export async function seedDemoContractWarnings(app: INestApplicationContext, townId: string, coopId: string): Promise<void> {
  const warnings = app.get(WarningsService);
  const set = (await warnings.thresholds(townId)).params.filter((p) => p.param === 'contract_expiry_days' && p.history.length > 0);
  if (set.length > 0) return;
  const [supervisor]: { id: string }[] = await app.get(TransactionRunner).manager.query(`SELECT id FROM users WHERE username = 'supervisor'`);
  const principal: Principal = { userId: supervisor.id, username: 'supervisor', isAdmin: false, grants: [], shareholderId: null };
  await RequestContext.run({ requestId: 'demo-seed', principal }, async () => {
    for (const [param, value] of CONTRACT_THRESHOLDS) await warnings.setThreshold(townId, { param, value, effectiveFrom: CONTRACT_THRESHOLDS_FROM }, supervisor.id);
    await warnings.evaluate(coopId, app.get(Clock).today().slice(0, 4));
  });
}
