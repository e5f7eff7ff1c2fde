import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { canonicalJson, Decimal, isUuid, maskIdNumber, money, Pager, TransactionRunner } from '@app/core';
import type { Page, PeriodClosedEvent } from '@app/core';
import { AssetsService } from '@app/assets';
import type { RegisterRowView } from '@app/assets';
import { ContractsService, TradesService } from '@app/contracts';
import { LedgerReportsService, LedgersService, ReportsService } from '@app/ledger';
import { BudgetService } from './budget.service.js';
import { ObjectionQueryDto, ObjectionView, PackQueryDto, PackView } from './dto/supervision.dto.js';
import { supervisionError } from './supervision-errors.js';
import { ObjectionRow, PackRow, SupervisionRepository } from './supervision.repository.js';

// Verification re-hashes the pack row as stored: an UPDATE made behind the trigger's back shows.
registerEntitySnapshot('disclosure_pack', `SELECT to_jsonb(p) FROM disclosure_packs p WHERE p.org_id = $1 AND p.id = $2::uuid`);
registerEntitySnapshot('disclosure_objection', `SELECT to_jsonb(o) FROM disclosure_objections o WHERE o.org_id = $1 AND o.id = $2::uuid`);

const ZERO = new Decimal(0);
/** Accounts whose balances are 债权债务 per counterparty (sanzi-domain.md §5). */
const DEBT_ACCOUNTS = ['112', '113', '201', '211', '221'];

/** Counterparties' ID numbers and phone numbers masked wherever they appear in a name (S1 masking rule). */
export function maskContact(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text.replace(/\d{17}[\dXx]/g, (id) => maskIdNumber(id)).replace(/(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g, '$1****$3');
}

const lastDay = (period: string) => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
const sum = <T>(rows: T[], pick: (r: T) => string) => money(rows.reduce((acc, r) => acc.plus(pick(r)), ZERO));

/**
 * 财务公开 (SPEC §9): closing a month publishes its pack in the close's transaction (the ledger emits
 * `BookHooks.emitPeriodClosed`; this context listens), as an immutable row (trigger
 * disclosure_packs_immutable) whose content hash goes into the audit chain. Reopen + close publishes
 * the next version; the earlier ones read as superseded. Members read packs and object to a line.
 */
@Injectable()
export class DisclosureService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SupervisionRepository,
    private readonly ledgers: LedgersService,
    private readonly reports: ReportsService,
    private readonly statements: LedgerReportsService,
    private readonly budgets: BudgetService,
    private readonly contracts: ContractsService,
    private readonly trades: TradesService,
    private readonly assets: AssetsService,
    private readonly audit: AuditService,
    private readonly pager: Pager,
  ) {}

  /** Called inside the month close's transaction. */
  async publish(e: PeriodClosedEvent): Promise<PackView> {
    const { orgId, ledgerId, period } = e;
    const version = (await this.repo.lastPackVersion(orgId, ledgerId, period)) + 1;
    const content = await this.build(orgId, ledgerId, period, version);
    const contentHash = createHash('sha256').update(canonicalJson(content)).digest('hex');
    const id = randomUUID();
    await this.repo.insertPack({ org_id: orgId, id, ledger_id: ledgerId, period, version, content, content_hash: contentHash });
    await this.audit.record({ orgId, action: 'disclosure.published', entity: 'disclosure_pack', entityId: id, payload: { ledgerId, period, version, contentHash } });
    return toPackView((await this.repo.pack(orgId, id))!);
  }

  /** The pack's content: every section of SPEC §9 the books can fill, from the ledger's published reports. */
  async build(orgId: string, ledgerId: string, period: string, version: number) {
    const ledger = await this.ledgers.get(orgId, ledgerId);
    const year = period.slice(0, 4);
    const yearFrom = `${year}-01` < ledger.start_period ? ledger.start_period : `${year}-01`;
    const journal = await this.statements.journal(orgId, ledgerId, period, period);
    const tb = await this.reports.trialBalance(orgId, ledgerId, period, period);
    const quarterEnd = ['03', '06', '09', '12'].includes(period.slice(5, 7));
    const monthEnd = lastDay(period);
    const [receivablesPayables, contracts, fixedAssets, trades] = [
      await this.debts(orgId, ledgerId, ledger.start_period, yearFrom, period, tb.rows.map((r) => r.code)),
      await this.contractsSection(orgId, ledgerId, monthEnd),
      await this.fixedAssetsSection(orgId, ledgerId, period),
      await this.tradesSection(orgId, ledgerId, `${period}-01`, monthEnd),
    ];
    return {
      title: `${ledger.name} ${period} 财务公开`,
      orgId,
      ledgerId,
      ledgerName: ledger.name,
      ledgerKind: ledger.kind,
      period,
      version,
      /** 收支明细: every posted line of the month. */
      lines: journal.entries.map((l) => ({ date: l.date, number: l.number, memo: l.memo, accountCode: l.accountCode, accountName: l.accountName, debit: l.debit, credit: l.credit, counterparty: maskContact(l.counterparty) })),
      /** 科目余额表 of the month (opening, month, year to date, closing). */
      trialBalance: { rows: tb.rows, totals: tb.totals, balanced: tb.balanced },
      balanceSheet: quarterEnd ? await this.statements.balanceSheet(orgId, ledgerId, period) : null,
      incomeStatement: period.endsWith('-12') ? await this.statements.incomeStatement(orgId, ledgerId, year) : null,
      /** 债权债务 per account and counterparty (names masked): balance at the start of the year, the year's movements, balance at the month's end. */
      receivablesPayables,
      budgetExecution: ledger.kind === 'public' ? await this.budgets.execution(orgId, ledgerId, year, period) : null,
      contracts,
      fixedAssets,
      trades,
    };
  }

  /**
   * 债权债务 with balances carried forward: every posted line of the debt accounts since the ledger's
   * start, per account and counterparty; the opening balances of a migrated ledger, which carry no
   * counterparty, form one row per account. Σ closing of an account = its 科目余额表 closing balance.
   */
  private async debts(orgId: string, ledgerId: string, startPeriod: string, yearFrom: string, period: string, codes: string[]) {
    const rows = new Map<string, { accountCode: string; counterparty: string | null; opening: Decimal; debit: Decimal; credit: Decimal }>();
    const row = (accountCode: string, counterparty: string | null) => {
      const key = `${accountCode}\u0000${counterparty ?? ''}`;
      const r = rows.get(key) ?? { accountCode, counterparty: maskContact(counterparty), opening: ZERO, debit: ZERO, credit: ZERO };
      rows.set(key, r);
      return r;
    };
    for (const account of DEBT_ACCOUNTS.filter((a) => codes.includes(a))) {
      const detail = await this.statements.subsidiaryLedger(orgId, ledgerId, account, startPeriod, period);
      const opening = new Decimal(detail.opening.balance).times(detail.opening.direction === '贷' ? -1 : 1);
      if (!opening.isZero()) row(account, null).opening = opening;
      for (const e of detail.entries) {
        const r = row(e.accountCode, e.counterparty ?? null);
        if (e.period < yearFrom) r.opening = r.opening.plus(e.debit).minus(e.credit);
        else {
          r.debit = r.debit.plus(e.debit);
          r.credit = r.credit.plus(e.credit);
        }
      }
    }
    return [...rows.values()]
      .map((d) => ({ ...d, closing: d.opening.plus(d.debit).minus(d.credit) }))
      .filter((d) => !(d.opening.isZero() && d.debit.isZero() && d.credit.isZero()))
      .sort((a, b) => (a.accountCode === b.accountCode ? ((a.counterparty ?? '') < (b.counterparty ?? '') ? -1 : 1) : a.accountCode < b.accountCode ? -1 : 1))
      .map((d) => ({ accountCode: d.accountCode, counterparty: d.counterparty, opening: money(d.opening), debit: money(d.debit), credit: money(d.credit), closing: money(d.closing) }));
  }

  /** 合同台账 as of the month's end: rent accrued, received, outstanding and overdue per contract (parties masked). */
  private async contractsSection(orgId: string, ledgerId: string, monthEnd: string) {
    const rows = (await this.contracts.registerAsOf(orgId, ledgerId, monthEnd)).map((r) => ({
      ...r,
      counterparty: maskContact(r.counterparty),
      parties: r.parties.map((p) => ({ ...p, name: maskContact(p.name) ?? p.name, phone: maskContact(p.phone) })),
    }));
    const totals = { due: sum(rows, (r) => r.due), received: sum(rows, (r) => r.received), outstanding: sum(rows, (r) => r.outstanding), overdue: sum(rows, (r) => r.overdue), dueInMonth: sum(rows, (r) => r.dueInMonth), receivedInMonth: sum(rows, (r) => r.receivedInMonth) };
    return { asOf: monthEnd, rows, totals };
  }

  /** 固定资产台账 as of the month: every card in service by then; the totals are of the cards not disposed (= 151 and 152). */
  private async fixedAssetsSection(orgId: string, ledgerId: string, period: string) {
    const rows: RegisterRowView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.assets.register(orgId, ledgerId, { asOf: period, limit: 500, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const held = rows.filter((r) => r.state !== 'disposed');
    return { asOf: period, rows, totals: { cards: held.length, cost: sum(held, (r) => r.cost), accumulated: sum(held, (r) => r.accumulated), netValue: sum(held, (r) => r.netValue) } };
  }

  /**
   * The trades closed in the month (成交 or 流标) that concern this ledger: a completed trade's contract
   * is on it; a failed one has no contract and is published with the organization's collective ledger.
   */
  private async tradesSection(orgId: string, ledgerId: string, from: string, to: string) {
    const collective = await this.ledgers.collectiveLedgerId(orgId);
    const closed = await this.trades.closedBetween(orgId, from, to);
    const rows = [];
    for (const t of closed) {
      const on = t.contractId ? (await this.contracts.load(orgId, t.contractId)).ledger_id : collective;
      if (on !== ledgerId) continue;
      rows.push({
        number: t.number,
        title: t.title,
        method: t.method,
        object: t.object.description,
        reservePrice: t.reservePrice,
        status: t.status,
        closedOn: t.closedOn,
        winningAmount: t.winningAmount,
        premium: t.winningAmount === null ? null : money(new Decimal(t.winningAmount).minus(t.reservePrice)),
        failureReason: t.failureReason,
        bidders: t.bidders.map((b) => ({ name: b.name, idCode: maskContact(b.idCode), phone: maskContact(b.phone), winner: b.id === t.winnerBidderId })),
        bids: t.bids.length,
      });
    }
    return rows;
  }

  async list(orgId: string, q: PackQueryDto): Promise<Page<PackView>> {
    return this.pager.page('disclosure-packs', q, 3, (page) => this.repo.packsPage(orgId, q.ledgerId ?? null, page), (p) => [p.period, p.version, p.id], (rows) => rows.map(toPackView));
  }

  async get(orgId: string, id: string): Promise<PackView & { content: unknown }> {
    const p = await this.load(orgId, id);
    return { ...toPackView(p), content: p.content };
  }

  async object(orgId: string, packId: string, lineRef: string, text: string, userId: string): Promise<ObjectionView> {
    return this.tx.run(async () => {
      const p = await this.load(orgId, packId);
      const [section, index] = lineRef.split(':');
      const rows = (p.content as Record<string, unknown>)[section];
      const list = Array.isArray(rows) ? rows : Array.isArray((rows as { rows?: unknown })?.rows) ? (rows as { rows: unknown[] }).rows : null;
      if (!list || Number(index) >= list.length) throw supervisionError('PACK_LINE_NOT_FOUND', `The pack has no line ${lineRef}`, 400);
      const id = randomUUID();
      await this.repo.insertObjection({ org_id: orgId, id, pack_id: packId, line_ref: lineRef, text, filed_by: userId });
      await this.audit.record({ orgId, action: 'disclosure.objection_filed', entity: 'disclosure_objection', entityId: id, payload: { packId, lineRef } });
      return toObjectionView((await this.repo.objection(orgId, id))!);
    });
  }

  async answer(orgId: string, objectionId: string, answer: string, userId: string): Promise<ObjectionView> {
    return this.tx.run(async () => {
      const o = isUuid(objectionId) ? await this.repo.objection(orgId, objectionId, true) : null;
      if (!o) throw supervisionError('OBJECTION_NOT_FOUND', 'Objection not found', 404);
      if (o.answer !== null) throw supervisionError('OBJECTION_ANSWERED', 'The objection is answered', 409);
      await this.repo.answerObjection(orgId, objectionId, answer, userId);
      await this.audit.record({ orgId, action: 'disclosure.objection_answered', entity: 'disclosure_objection', entityId: objectionId });
      return toObjectionView((await this.repo.objection(orgId, objectionId))!);
    });
  }

  /** Objections of the organization (optionally one pack's, or only the unanswered); a shareholder sees only their own. */
  async objections(orgId: string, q: ObjectionQueryDto, filter: { packId?: string; filedBy?: string } = {}): Promise<Page<ObjectionView>> {
    if (filter.packId) await this.load(orgId, filter.packId);
    return this.pager.page(
      'disclosure-objections',
      q,
      2,
      (page) => this.repo.objectionsPage(orgId, { ...filter, open: q.open === 'true' }, page),
      (o) => [o.created_key, o.id],
      (rows) => rows.map(toObjectionView),
    );
  }

  private async load(orgId: string, id: string): Promise<PackRow> {
    const p = isUuid(id) ? await this.repo.pack(orgId, id) : null;
    if (!p) throw supervisionError('PACK_NOT_FOUND', 'Pack not found', 404);
    return p;
  }
}

function toPackView(p: PackRow): PackView {
  return { id: p.id, ledgerId: p.ledger_id, period: p.period, version: p.version, contentHash: p.content_hash.trim(), publishedAt: p.published_at.toISOString(), superseded: p.superseded };
}

function toObjectionView(o: ObjectionRow): ObjectionView {
  return {
    id: o.id,
    packId: o.pack_id,
    lineRef: o.line_ref,
    text: o.text,
    filedBy: o.filed_by,
    answer: o.answer,
    answeredBy: o.answered_by,
    answeredAt: o.answered_at?.toISOString() ?? null,
    createdAt: o.created_at.toISOString(),
  };
}
