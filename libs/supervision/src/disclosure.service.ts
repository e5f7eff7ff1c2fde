import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { canonicalJson, Decimal, isUuid, maskIdNumber, money, Pager, TransactionRunner } from '@app/core';
import type { Page, PeriodClosedEvent } from '@app/core';
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

/** The sections of SPEC §9's pack whose registers do not exist yet: listed as waiting, never made up. */
const WAITING_SECTIONS = {
  contracts: { status: 'waiting', needs: 'the contracts register (libs/contracts): rent due / received / overdue per contract' },
  fixedAssets: { status: 'waiting', needs: 'the fixed-asset cards (libs/assets): additions and disposals of the period' },
  trades: { status: 'waiting', needs: 'the trading platform records (libs/contracts): the trades of the period' },
};

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
    const ytd = await this.statements.journal(orgId, ledgerId, yearFrom, period);
    const debts = new Map<string, { accountCode: string; counterparty: string | null; debit: Decimal; credit: Decimal }>();
    for (const l of ytd.entries) {
      const account = DEBT_ACCOUNTS.find((a) => l.accountCode.startsWith(a));
      if (!account) continue;
      const key = `${l.accountCode}\u0000${l.counterparty ?? ''}`;
      const d = debts.get(key) ?? { accountCode: l.accountCode, counterparty: maskContact(l.counterparty), debit: ZERO, credit: ZERO };
      d.debit = d.debit.plus(l.debit);
      d.credit = d.credit.plus(l.credit);
      debts.set(key, d);
    }
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
      /** 债权债务: this year's movements per account and counterparty (names masked). */
      receivablesPayables: [...debts.values()]
        .sort((a, b) => (a.accountCode === b.accountCode ? ((a.counterparty ?? '') < (b.counterparty ?? '') ? -1 : 1) : a.accountCode < b.accountCode ? -1 : 1))
        .map((d) => ({ accountCode: d.accountCode, counterparty: d.counterparty, debit: money(d.debit), credit: money(d.credit), net: money(d.debit.minus(d.credit)) })),
      budgetExecution: ledger.kind === 'public' ? await this.budgets.execution(orgId, ledgerId, year, period) : null,
      ...WAITING_SECTIONS,
    };
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
