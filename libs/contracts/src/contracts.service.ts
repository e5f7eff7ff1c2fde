import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { addDays, Clock, creditCodeProblem, Decimal, idNumberProblem, isUuid, maskIdNumber, money, Pager, TransactionRunner } from '@app/core';
import type { Page } from '@app/core';
import { LedgersService, ReportsService, SystemAccount, VouchersService } from '@app/ledger';
import type { TabularReport } from '@app/ledger';
import { contractsError } from './contracts-errors.js';
import { BillRow, ContractRow, ContractsRepository, ObjectInput, OutstandingRow, PartyInput } from './contracts.repository.js';
import type { ContractAsOfRow, ContractFactRow } from './contracts.repository.js';
import type { AgingRowView, BillView, ContractDetailView, ContractListQueryDto, ContractView, CreateContractDto, DepositDto, ReceiptDto, ReceivableRowView, ReceiptView, RenewContractDto } from './dto/contracts.dto.js';
import { AGING_BUCKETS, agingBucket, BillingCycle, daysOverdue, rentSchedule, termMonths } from './schedule.js';

export interface ContractTerms {
  ledgerId: string;
  number: string;
  title: string;
  parties: PartyInput[];
  objects: ObjectInput[];
  startDate: string;
  endDate: string;
  billingCycle: BillingCycle;
  monthlyRent: string;
  escalationPercent?: string;
  escalationEveryYears?: number;
  deposit?: string;
  receivableAccount?: '112' | '113';
}

/** What the warning rules (libs/supervision, W8–W12) read of a signed contract; amounts are strings. */
export interface ContractFact {
  id: string;
  ledgerId: string;
  number: string;
  title: string;
  status: string;
  startDate: string;
  endDate: string;
  signedOn: string | null;
  terminatedOn: string | null;
  monthlyRent: string;
  tradeId: string | null;
  tradeNumber: string | null;
  /** 底价 of the trade it came from (a monthly rent), null without a trade. */
  reservePrice: string | null;
  renewalOf: string | null;
  /** The previous contract's last monthly rent, for a renewal. */
  previousRent: string | null;
  /** A signed renewal of this contract (a draft one does not count). */
  successorId: string | null;
  objects: { assetId: string | null; resourceId: string | null; description: string }[];
  /** Accrued bills past due and not fully received. */
  overdueBills: { seq: number; dueDate: string; accrualPeriod: string; amount: string; outstanding: string }[];
}

/** A row of 合同台账 as of a day (the 财务公开 pack): parties masked, rent accrued / received / outstanding / overdue. */
export interface ContractAsOf {
  contractId: string;
  number: string;
  title: string;
  counterparty: string;
  receivableAccount: string;
  parties: { kind: string; name: string; idCode: string; phone: string | null }[];
  objects: string;
  startDate: string;
  endDate: string;
  status: string;
  monthlyRent: string;
  due: string;
  received: string;
  outstanding: string;
  overdue: string;
  dueInMonth: string;
  receivedInMonth: string;
}

const STATUS_CN: Record<string, string> = { draft: '草拟', active: '履行中', expired: '已到期', terminated: '已解除' };

/** Checks 身份证 / 统一社会信用代码 (check characters) of a party or bidder: 400 with a stable code. */
export function checkParty(p: PartyInput, where: string): void {
  if (p.kind === 'person') {
    const problem = idNumberProblem(p.idCode);
    if (problem) throw contractsError('INVALID_ID_NUMBER', `${where}.idCode: 身份证 ${problem}`, 400, [{ field: `${where}.idCode`, problems: [problem] }]);
  } else {
    const problem = creditCodeProblem(p.idCode);
    if (problem) throw contractsError('INVALID_CREDIT_CODE', `${where}.idCode: 统一社会信用代码 ${problem}`, 400, [{ field: `${where}.idCode`, problems: [problem] }]);
  }
}

const maskParty = (p: { kind: string; name: string; id_code?: string; idCode?: string; phone?: string | null }) => {
  const code = p.id_code ?? p.idCode ?? '';
  return { kind: p.kind, name: p.name, idCode: p.kind === 'person' ? maskIdNumber(code) : code, phone: p.phone ?? null };
};

/** Contracts (合同): parties, objects, the rent schedule, lifecycle, receipts, deposits, reports, reconciliation. */
@Injectable()
export class ContractsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ContractsRepository,
    private readonly ledgers: LedgersService,
    private readonly vouchers: VouchersService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly pager: Pager,
    private readonly clock: Clock,
  ) {}

  async create(orgId: string, input: CreateContractDto): Promise<ContractDetailView> {
    return this.tx.run(async () => {
      const id = await this.insert(orgId, input, null, null);
      await this.audit.record({ orgId, action: 'contract.created', entity: 'contract', entityId: id, payload: { ...input, parties: input.parties.map(maskParty) } });
      return this.detail(orgId, id);
    });
  }

  /** Inserts a draft contract with its generated schedule (inside the caller's transaction). */
  async insert(orgId: string, t: ContractTerms, renewalOf: string | null, tradeId: string | null): Promise<string> {
    await this.ledgerOf(orgId, t.ledgerId);
    t.parties.forEach((p, i) => checkParty(p, `parties[${i}]`));
    t.objects.forEach((o, i) => {
      if (o.assetId && o.resourceId) throw contractsError('CONTRACT_INVALID', `objects[${i}] names an asset or a resource, not both`, 400);
    });
    if (termMonths(t.startDate, t.endDate) === null) {
      throw contractsError('CONTRACT_TERM_INVALID', 'A term is whole months: startDate is the 1st of a month, endDate the last day of a later (or the same) month', 400);
    }
    const terms = {
      startDate: t.startDate,
      endDate: t.endDate,
      billingCycle: t.billingCycle,
      monthlyRent: t.monthlyRent,
      escalationPercent: t.escalationPercent ?? '0',
      escalationEveryYears: t.escalationEveryYears ?? 1,
    };
    const bills = rentSchedule(terms);
    const id = randomUUID();
    // The tenant in the books: the first party's name and the contract number, unique per contract, so 112/113 reconcile per contract too.
    const counterparty = `${t.parties[0].name}（${t.number}）`.slice(0, 100);
    await this.repo.insertContract(
      {
        org_id: orgId,
        id,
        ledger_id: t.ledgerId,
        number: t.number,
        title: t.title,
        start_date: t.startDate,
        end_date: t.endDate,
        billing_cycle: t.billingCycle,
        monthly_rent: money(t.monthlyRent),
        escalation_percent: terms.escalationPercent,
        escalation_every_years: terms.escalationEveryYears,
        deposit: money(t.deposit ?? '0'),
        receivable_account: t.receivableAccount ?? SystemAccount.Receivables,
        counterparty,
        renewal_of: renewalOf,
        trade_id: tradeId,
      },
      t.parties,
      t.objects,
      bills,
    );
    return id;
  }

  async sign(orgId: string, id: string, signedOn: string): Promise<ContractDetailView> {
    return this.tx.run(async () => {
      const c = await this.load(orgId, id, true);
      if (c.status !== 'draft') throw contractsError('CONTRACT_STATE', `A ${c.status} contract is not signed again`, 409);
      await this.repo.setStatus(orgId, id, 'active', { signed_on: signedOn });
      await this.audit.record({ orgId, action: 'contract.signed', entity: 'contract', entityId: id, payload: { signedOn } });
      return this.detail(orgId, id);
    });
  }

  /** 解除: bills starting after the date and not yet accrued are dropped; what was accrued stays receivable. */
  async terminate(orgId: string, id: string, date: string, reason: string): Promise<ContractDetailView> {
    return this.tx.run(async () => {
      const c = await this.load(orgId, id, true);
      if (c.status !== 'active') throw contractsError('CONTRACT_STATE', `A ${c.status} contract is not terminated`, 409);
      if (date < c.start_date || date > c.end_date) throw contractsError('CONTRACT_INVALID', 'The termination date falls within the term', 400);
      await this.repo.dropBillsAfter(orgId, id, date);
      await this.repo.setStatus(orgId, id, 'terminated', { terminated_on: date, termination_reason: reason });
      await this.audit.record({ orgId, action: 'contract.terminated', entity: 'contract', entityId: id, payload: { date, reason } });
      return this.detail(orgId, id);
    });
  }

  /** 续签: a new draft contract, linked to this one, from the day after its end; the old one is marked expired when it is signed. */
  async renew(orgId: string, id: string, input: RenewContractDto): Promise<ContractDetailView> {
    return this.tx.run(async () => {
      const c = await this.load(orgId, id, true);
      if (c.status !== 'active' && c.status !== 'expired') throw contractsError('CONTRACT_STATE', `A ${c.status} contract is not renewed`, 409);
      if (c.renewed_by) throw contractsError('CONTRACT_ALREADY_RENEWED', 'This contract has already been renewed', 409);
      const newId = await this.insert(
        orgId,
        {
          ledgerId: c.ledger_id,
          number: input.number,
          title: c.title,
          parties: await this.repo.parties(orgId, id),
          objects: await this.repo.objects(orgId, id),
          startDate: addDays(c.end_date, 1),
          endDate: input.endDate,
          billingCycle: c.billing_cycle as BillingCycle,
          monthlyRent: input.monthlyRent,
          escalationPercent: input.escalationPercent ?? c.escalation_percent,
          escalationEveryYears: c.escalation_every_years,
          deposit: c.deposit,
          receivableAccount: c.receivable_account as '112' | '113',
        },
        id,
        null,
      );
      await this.audit.record({ orgId, action: 'contract.renewed', entity: 'contract', entityId: newId, payload: { renewalOf: id, ...input } });
      return this.detail(orgId, newId);
    });
  }

  /**
   * 收租: Dr 102 / Cr 112/113 (the contract's tenant), applied to accrued bills oldest due first,
   * partial payments leaving the rest of a bill open. More than is accrued and unpaid is refused
   * (an advance is not rent receivable yet).
   */
  async receive(orgId: string, id: string, input: ReceiptDto): Promise<ReceiptView> {
    return this.tx.run(async () => {
      const c = await this.load(orgId, id, true);
      if (c.status === 'draft') throw contractsError('CONTRACT_STATE', 'A draft contract has no rent due', 409);
      const open = await this.repo.lockOutstanding(orgId, id);
      const due = open.reduce((s, b) => s.plus(b.outstanding), new Decimal(0));
      if (due.isZero()) throw contractsError('NOTHING_DUE', 'Nothing accrued on this contract is unpaid', 409);
      let left = new Decimal(input.amount);
      if (left.greaterThan(due)) throw contractsError('RECEIPT_EXCEEDS_DUE', `The receipt ${money(left)} is more than the ${money(due)} accrued and unpaid`, 422, { due: money(due) });
      const applied: { seq: number; amount: string }[] = [];
      for (const b of open) {
        if (left.isZero()) break;
        const take = Decimal.min(left, b.outstanding);
        applied.push({ seq: b.seq, amount: money(take) });
        left = left.minus(take);
      }
      const bank = input.bankAccountCode ?? SystemAccount.Bank;
      const voucher = await this.vouchers.postSystemVoucher({
        orgId,
        ledgerId: c.ledger_id,
        date: input.date,
        memo: `收 ${c.number} 租金`,
        source: 'rent',
        sourceRef: `receipt:${c.number}`,
        lines: [
          { accountCode: bank, debit: money(input.amount), memo: `${c.counterparty} 租金` },
          { accountCode: c.receivable_account, credit: money(input.amount), counterparty: c.counterparty, memo: `${c.number} 租金` },
        ],
      });
      const receiptId = randomUUID();
      await this.repo.insertReceipt(orgId, receiptId, id, input.date, money(input.amount), bank, voucher.id, applied);
      await this.audit.record({ orgId, action: 'rent.received', entity: 'rent_receipt', entityId: receiptId, payload: { contractId: id, ...input, applied } });
      return (await this.receiptsOf(orgId, id)).find((r) => r.id === receiptId)!;
    });
  }

  /** 押金: received Dr 102 / Cr 21199 (the tenant), refunded the other way; once each. */
  async deposit(orgId: string, id: string, input: DepositDto): Promise<ContractDetailView> {
    return this.tx.run(async () => {
      const c = await this.load(orgId, id, true);
      if (new Decimal(c.deposit).isZero()) throw contractsError('DEPOSIT_STATE', 'This contract has no deposit', 409);
      if (input.kind === 'received' && c.deposit_received) throw contractsError('DEPOSIT_STATE', 'The deposit has already been received', 409);
      if (input.kind === 'refunded' && (!c.deposit_received || c.deposit_refunded)) throw contractsError('DEPOSIT_STATE', 'Only a received deposit is refunded, once', 409);
      const bank = input.bankAccountCode ?? SystemAccount.Bank;
      const cash = { accountCode: bank, memo: `${c.number} 押金` };
      const payable = { accountCode: SystemAccount.OtherPayables, counterparty: c.counterparty, memo: `${c.number} 押金` };
      const lines = input.kind === 'received' ? [{ ...cash, debit: c.deposit }, { ...payable, credit: c.deposit }] : [{ ...payable, debit: c.deposit }, { ...cash, credit: c.deposit }];
      const voucher = await this.vouchers.postSystemVoucher({
        orgId,
        ledgerId: c.ledger_id,
        date: input.date,
        memo: `${input.kind === 'received' ? '收' : '退'} ${c.number} 押金`,
        source: 'rent',
        sourceRef: `deposit:${c.number}`,
        lines,
      });
      const depositId = randomUUID();
      await this.repo.insertDeposit(orgId, depositId, id, input.kind, input.date, c.deposit, voucher.id);
      await this.audit.record({ orgId, action: `deposit.${input.kind}`, entity: 'contract', entityId: id, payload: { ...input, amount: c.deposit } });
      return this.detail(orgId, id);
    });
  }

  async detail(orgId: string, id: string): Promise<ContractDetailView> {
    const c = await this.load(orgId, id);
    const [bills, receipts] = await this.tx.all(
      () => this.repo.bills(orgId, id),
      () => this.receiptsOf(orgId, id),
    );
    return { ...this.toView(c), schedule: bills.map(toBill), receipts };
  }

  async list(orgId: string, q: ContractListQueryDto): Promise<Page<ContractView>> {
    const today = this.clock.today();
    return this.pager.page<ContractRow, ContractView, [string]>(
      'contracts',
      q,
      1,
      (page) => this.repo.contracts(orgId, today, q.status, page),
      (r): [string] => [r.number],
      (rows) => rows.map((r) => this.toView(r)),
    );
  }

  /** 合同台账 as a table (CSV/XLSX): every contract of the organization. */
  async ledgerTable(orgId: string, status?: string): Promise<TabularReport> {
    const rows = (await this.repo.contracts(orgId, this.clock.today(), status)).map((r) => this.toView(r));
    return {
      title: '合同台账',
      filename: 'contracts',
      columns: [
        { key: 'number', header: '合同编号' },
        { key: 'title', header: '合同名称' },
        { key: 'party', header: '承租方' },
        { key: 'objects', header: '标的' },
        { key: 'startDate', header: '起始日' },
        { key: 'endDate', header: '到期日' },
        { key: 'monthlyRent', header: '首年月租金', money: true },
        { key: 'escalation', header: '递增' },
        { key: 'deposit', header: '押金', money: true },
        { key: 'totalRent', header: '合同总租金', money: true },
        { key: 'outstanding', header: '应收未收', money: true },
        { key: 'overdue', header: '逾期', money: true },
        { key: 'status', header: '状态' },
      ],
      rows: rows.map((v) => ({
        number: v.number,
        title: v.title,
        party: v.parties.map((p) => p.name).join('、'),
        objects: v.objects.map((o) => o.description).join('、'),
        startDate: v.startDate,
        endDate: v.endDate,
        monthlyRent: v.monthlyRent,
        escalation: new Decimal(v.escalationPercent).isZero() ? '' : `每${v.escalationEveryYears}年 +${new Decimal(v.escalationPercent).toString()}%`,
        deposit: v.deposit,
        totalRent: v.totalRent,
        outstanding: v.outstanding,
        overdue: v.overdue,
        status: STATUS_CN[v.status] + (v.expiringSoon ? '（30 天内到期）' : ''),
      })),
    };
  }

  /** 应收租金明细 as of a date: accrued bills not fully received, with days overdue and the aging bucket. */
  async receivables(orgId: string, q: { asOf?: string; limit?: number; cursor?: string }): Promise<Page<ReceivableRowView>> {
    const asOf = q.asOf ?? this.clock.today();
    return this.pager.page<OutstandingRow, ReceivableRowView, [string, number]>(
      'receivables',
      q,
      2,
      (page) => this.repo.outstanding(orgId, null, page),
      (r): [string, number] => [r.contract_number, r.seq],
      (rows) => rows.map((r) => toReceivable(r, asOf)),
    );
  }

  async receivablesTable(orgId: string, asOf = this.clock.today()): Promise<TabularReport> {
    const rows = (await this.repo.outstanding(orgId, null)).map((r) => toReceivable(r, asOf));
    return {
      title: '应收租金明细',
      filename: `rent-receivable-${asOf}`,
      columns: [
        { key: 'contractNumber', header: '合同编号' },
        { key: 'counterparty', header: '承租方' },
        { key: 'receivableAccount', header: '科目' },
        { key: 'dueDate', header: '应收日' },
        { key: 'amount', header: '应收', money: true },
        { key: 'received', header: '已收', money: true },
        { key: 'outstanding', header: '未收', money: true },
        { key: 'daysOverdue', header: '逾期天数' },
      ],
      rows: rows.map((r) => ({ ...r, daysOverdue: Math.max(0, r.daysOverdue) })),
    };
  }

  /** 账龄 per contract as of a date: outstanding by days past due (未到期, 1–30, 31–90, 91–180, >180). */
  async aging(orgId: string, asOf = this.clock.today()): Promise<{ asOf: string; items: AgingRowView[]; totals: Omit<AgingRowView, 'contractId' | 'contractNumber' | 'counterparty'> }> {
    const rows = await this.repo.outstanding(orgId, null);
    const byContract = new Map<string, AgingRowView>();
    const zero = () => ({ notDue: '0.00', d1to30: '0.00', d31to90: '0.00', d91to180: '0.00', over180: '0.00', total: '0.00' });
    const totals = zero();
    for (const r of rows) {
      const row = byContract.get(r.contract_id) ?? { contractId: r.contract_id, contractNumber: r.contract_number, counterparty: r.counterparty, ...zero() };
      byContract.set(r.contract_id, row);
      const bucket = agingBucket(daysOverdue(r.due_date, asOf));
      for (const target of [row, totals]) {
        target[bucket] = money(new Decimal(target[bucket]).plus(r.outstanding));
        target.total = money(new Decimal(target.total).plus(r.outstanding));
      }
    }
    return { asOf, items: [...byContract.values()], totals };
  }

  agingTable(report: { asOf: string; items: AgingRowView[]; totals: Record<string, string> }): TabularReport {
    return {
      title: '应收租金账龄',
      filename: `rent-aging-${report.asOf}`,
      columns: [
        { key: 'contractNumber', header: '合同编号' },
        { key: 'counterparty', header: '承租方' },
        { key: 'notDue', header: '未到期', money: true },
        { key: 'd1to30', header: '1-30天', money: true },
        { key: 'd31to90', header: '31-90天', money: true },
        { key: 'd91to180', header: '91-180天', money: true },
        { key: 'over180', header: '180天以上', money: true },
        { key: 'total', header: '合计', money: true },
      ],
      rows: [...report.items.map((r) => ({ ...r })), { contractNumber: '合计', counterparty: '', ...report.totals }],
    };
  }

  /**
   * Σ (accrued − received) of the schedule per tenant = the 112/113 balance of that counterparty in
   * the books (posted lines). A counterparty of a contract on either side only is a problem too.
   */
  async integrity(orgId: string, ledgerId: string): Promise<{ ok: boolean; checked: number; problems: { accountCode: string; counterparty: string; schedule: string; books: string }[] }> {
    await this.ledgerOf(orgId, ledgerId);
    const [schedule, books] = await this.tx.snapshot(() =>
      this.tx.all(
        () => this.repo.balancesByCounterparty(orgId, ledgerId),
        () => this.reports.counterpartyBalances(orgId, ledgerId, [SystemAccount.Receivables, SystemAccount.InternalAccounts]),
      ),
    );
    const key = (a: string, c: string) => `${a}\u0000${c}`;
    const ours = new Map(schedule.map((r) => [key(r.account_code, r.counterparty), money(r.balance)]));
    const theirs = new Map(books.map((r) => [key(r.accountCode, r.counterparty), r.balance]));
    const problems: { accountCode: string; counterparty: string; schedule: string; books: string }[] = [];
    for (const [k, s] of ours) {
      const b = theirs.get(k) ?? '0.00';
      if (s !== b) {
        const [accountCode, counterparty] = k.split('\u0000');
        problems.push({ accountCode, counterparty, schedule: s, books: b });
      }
    }
    // Books lines for a contract counterparty that the schedule does not know (a manual voucher on a tenant) are shown too.
    const counterparties = new Set(schedule.map((r) => r.counterparty));
    for (const [k, b] of theirs) {
      const [accountCode, counterparty] = k.split('\u0000');
      if (!ours.has(k) && counterparties.has(counterparty) && b !== '0.00') problems.push({ accountCode, counterparty, schedule: '0.00', books: b });
    }
    return { ok: problems.length === 0, checked: ours.size, problems };
  }

  /** Published for the warning rules: every signed contract's facts as of a day. */
  async supervisionFacts(orgId: string, asOf: string): Promise<ContractFact[]> {
    return (await this.repo.supervisionFacts(orgId, asOf)).map(toFact);
  }

  /** Published for the 财务公开 pack: a ledger's 合同台账 as of a day (ID and phone numbers masked). */
  async registerAsOf(orgId: string, ledgerId: string, asOf: string): Promise<ContractAsOf[]> {
    return (await this.repo.registerAsOf(orgId, ledgerId, asOf)).map((r: ContractAsOfRow) => ({
      contractId: r.id,
      number: r.number,
      title: r.title,
      counterparty: r.counterparty,
      receivableAccount: r.receivable_account,
      parties: r.parties.map(maskParty).map((p) => ({ ...p, phone: maskPhone(p.phone) })),
      objects: r.objects,
      startDate: r.start_date,
      endDate: r.end_date,
      status: r.status === 'active' && r.end_date < asOf ? 'expired' : r.status,
      monthlyRent: money(r.monthly_rent),
      due: money(r.due),
      received: money(r.received),
      outstanding: money(new Decimal(r.due).minus(r.received)),
      overdue: money(r.overdue),
      dueInMonth: money(r.due_month),
      receivedInMonth: money(r.received_month),
    }));
  }

  private async receiptsOf(orgId: string, id: string): Promise<ReceiptView[]> {
    return (await this.repo.receipts(orgId, id)).map((r) => ({
      id: r.id,
      contractId: id,
      date: r.received_on,
      amount: money(r.amount),
      voucherId: r.voucher_id,
      applied: (r.applied ?? []).map((a) => ({ seq: a.seq, dueDate: a.due_date, amount: money(a.amount) })),
    }));
  }

  async load(orgId: string, id: string, lock = false): Promise<ContractRow> {
    const c = isUuid(id) ? await this.repo.contract(orgId, id, this.clock.today(), lock) : null;
    if (!c) throw contractsError('CONTRACT_NOT_FOUND', 'Contract not found', 404);
    return c;
  }

  private async ledgerOf(orgId: string, ledgerId: string) {
    try {
      return await this.ledgers.get(orgId, ledgerId);
    } catch {
      throw contractsError('LEDGER_NOT_FOUND', 'Ledger not found', 404);
    }
  }

  toView(c: ContractRow): ContractView {
    const today = this.clock.today();
    const status = c.status === 'active' && c.end_date < today ? 'expired' : c.status;
    return {
      id: c.id,
      ledgerId: c.ledger_id,
      number: c.number,
      title: c.title,
      status,
      startDate: c.start_date,
      endDate: c.end_date,
      billingCycle: c.billing_cycle,
      monthlyRent: money(c.monthly_rent),
      escalationPercent: new Decimal(c.escalation_percent).toFixed(2),
      escalationEveryYears: c.escalation_every_years,
      deposit: money(c.deposit),
      receivableAccount: c.receivable_account,
      counterparty: c.counterparty,
      renewalOf: c.renewal_of,
      renewedBy: c.renewed_by,
      tradeId: c.trade_id,
      signedOn: c.signed_on,
      terminatedOn: c.terminated_on,
      terminationReason: c.termination_reason,
      totalRent: money(c.total_rent),
      outstanding: money(c.outstanding),
      overdue: money(c.overdue),
      expiringSoon: status === 'active' && c.end_date <= addDays(today, 30),
      depositReceived: c.deposit_received,
      depositRefunded: c.deposit_refunded,
      parties: c.parties.map(maskParty),
      objects: c.objects.map((o) => ({ assetId: o.asset_id, resourceId: o.resource_id, description: o.description, area: o.area === null ? null : money(o.area) })),
    };
  }
}

function toFact(r: ContractFactRow): ContractFact {
  return {
    id: r.id,
    ledgerId: r.ledger_id,
    number: r.number,
    title: r.title,
    status: r.status,
    startDate: r.start_date,
    endDate: r.end_date,
    signedOn: r.signed_on,
    terminatedOn: r.terminated_on,
    monthlyRent: money(r.monthly_rent),
    tradeId: r.trade_id,
    tradeNumber: r.trade_number,
    reservePrice: r.reserve_price === null ? null : money(r.reserve_price),
    renewalOf: r.renewal_of,
    previousRent: r.previous_rent === null ? null : money(r.previous_rent),
    successorId: r.successor_id,
    objects: r.objects.map((o) => ({ assetId: o.asset_id, resourceId: o.resource_id, description: o.description })),
    overdueBills: r.overdue_bills.map((b) => ({ seq: b.seq, dueDate: b.due_date, accrualPeriod: b.accrual_period, amount: money(b.amount), outstanding: money(b.outstanding) })),
  };
}

/** A mobile number keeps its first 3 and last 4 digits (the pack's masking rule). */
const maskPhone = (phone: string | null) => (phone === null ? null : phone.replace(/(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g, '$1****$3'));

function toBill(b: BillRow): BillView {
  return {
    seq: b.seq,
    periodStart: b.period_start,
    periodEnd: b.period_end,
    dueDate: b.due_date,
    accrualPeriod: b.accrual_period,
    contractYear: b.contract_year,
    months: b.months,
    monthlyAmount: money(b.monthly_amount),
    amount: money(b.amount),
    received: money(b.received),
    outstanding: b.accrued ? money(new Decimal(b.amount).minus(b.received)) : '0.00',
    accrued: b.accrued,
  };
}

function toReceivable(r: OutstandingRow, asOf: string): ReceivableRowView {
  const days = daysOverdue(r.due_date, asOf);
  return {
    contractId: r.contract_id,
    contractNumber: r.contract_number,
    counterparty: r.counterparty,
    receivableAccount: r.receivable_account,
    seq: r.seq,
    dueDate: r.due_date,
    amount: money(r.amount),
    received: money(r.received),
    outstanding: money(r.outstanding),
    daysOverdue: days,
    bucket: agingBucket(days),
  };
}

export { AGING_BUCKETS };
