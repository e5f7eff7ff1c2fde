import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import type { AuditRecord } from '@app/audit';
import { BookHooks, Decimal, isUuid, money, Pager, RequestContext, TransactionRunner } from '@app/core';
import type { Page } from '@app/core';
import { AccountRow, BooksRepository, LineRow, NewLine, VoucherFilter, VoucherKey, VoucherRow, VoucherWithLines } from './books.repository.js';
import { ReverseVoucherDto, VoucherDto, VoucherListQueryDto, VoucherView } from './dto/books.dto.js';
import { ledgerError } from './ledger-errors.js';
import { LedgersService } from './ledgers.service.js';
import { LineInput, validateLines } from './lines.js';
import { isValidDate, periodOfDate } from './periods.js';

// A voucher's audited state covers its lines, so an edit of either in SQL shows in verification.
registerEntitySnapshot(
  'voucher',
  `SELECT to_jsonb(v) || jsonb_build_object('lines',
     (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.line_no), '[]'::jsonb) FROM journal_lines l WHERE l.org_id = v.org_id AND l.voucher_id = v.id))
     FROM vouchers v WHERE v.org_id = $1 AND v.id = $2::uuid`,
);

export interface SystemVoucher {
  orgId: string;
  ledgerId: string;
  date: string;
  memo: string;
  source: 'closing' | 'distribution' | 'payment' | 'share_event' | 'asset' | 'rent';
  sourceRef: string;
  lines: LineInput[];
}

/** The month of a voucher date, or INVALID_DATE. */
const periodOf = (date: string) => {
  if (!isValidDate(date)) throw ledgerError('INVALID_DATE', `date ${JSON.stringify(date)} is not a valid YYYY-MM-DD date`, 400);
  return periodOfDate(date);
};

/** The 红字 amount of a line side: negated, and zero stays zero. */
const red = (amount: string) => (new Decimal(amount).isZero() ? '0.00' : new Decimal(amount).negated().toFixed(2));

/** 记-0001: the voucher word and a four-digit number, per ledger per month. */
export const voucherNumber = (n: number | null) => (n === null ? null : `记-${String(n).padStart(4, '0')}`);

@Injectable()
export class VouchersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: BooksRepository,
    private readonly ledgers: LedgersService,
    private readonly audit: AuditService,
    private readonly pager: Pager,
    private readonly hooks: BookHooks,
  ) {}

  async draft(orgId: string, ledgerId: string, input: VoucherDto, userId: string): Promise<VoucherView> {
    return this.tx.run(async () => {
      const { period, lines } = await this.checkDraft(orgId, ledgerId, input);
      const id = randomUUID();
      const row = await this.repo.insertVoucher({
        org_id: orgId,
        id,
        ledger_id: ledgerId,
        period,
        voucher_date: input.date,
        memo: input.memo,
        attachments: input.attachments ?? 0,
        source: 'manual',
        reverses_id: null,
        source_ref: null,
        prepared_by: userId,
      });
      const written = await this.repo.insertLines(orgId, ledgerId, id, lines);
      await this.audit.record({ orgId, action: 'voucher.drafted', entity: 'voucher', entityId: id, payload: input });
      // Answered from the rows just written: nothing else can have changed them inside this transaction.
      return viewOf(row, written, null);
    });
  }

  async update(orgId: string, ledgerId: string, id: string, input: VoucherDto): Promise<VoucherView> {
    return this.tx.run(async () => {
      await this.lockDraft(orgId, ledgerId, id);
      const { period, lines } = await this.checkDraft(orgId, ledgerId, input);
      const row = await this.repo.updateDraft(orgId, id, { period, voucher_date: input.date, memo: input.memo, attachments: input.attachments ?? 0 });
      await this.repo.deleteLines(orgId, id);
      const written = await this.repo.insertLines(orgId, ledgerId, id, lines);
      await this.audit.record({ orgId, action: 'voucher.edited', entity: 'voucher', entityId: id, payload: input });
      return viewOf(row, written, null);
    });
  }

  async remove(orgId: string, ledgerId: string, id: string): Promise<void> {
    await this.tx.run(async () => {
      await this.lockDraft(orgId, ledgerId, id);
      await this.repo.deleteVoucher(orgId, id);
      await this.audit.record({ orgId, action: 'voucher.deleted', entity: 'voucher', entityId: id });
    });
  }

  async review(orgId: string, ledgerId: string, id: string, userId: string): Promise<VoucherView> {
    return this.tx.run(async () => {
      const v = await this.load(orgId, ledgerId, id);
      if (v.status !== 'draft') throw ledgerError('VOUCHER_NOT_DRAFT', `The voucher is ${v.status}; only drafts are reviewed`, 409);
      if (v.prepared_by === userId) throw ledgerError('REVIEWER_IS_PREPARER', 'A voucher is reviewed by someone other than its preparer', 403);
      const reviewed = await this.repo.markReviewed(orgId, id, userId);
      await this.audit.record({ orgId, action: 'voucher.reviewed', entity: 'voucher', entityId: id });
      return viewOf(reviewed, reviewed.lines, null);
    });
  }

  /** 记账: the voucher row lock makes a double post impossible; the period row lock numbers gaplessly. */
  async post(orgId: string, ledgerId: string, id: string, userId: string): Promise<VoucherView> {
    return this.tx.run(async () => {
      const v = await this.load(orgId, ledgerId, id);
      if (v.status === 'posted') throw ledgerError('VOUCHER_ALREADY_POSTED', `The voucher is already posted as ${voucherNumber(v.number)}`, 409);
      if (v.status !== 'reviewed') throw ledgerError('VOUCHER_NOT_REVIEWED', 'A voucher is reviewed before it is posted', 409);
      const posted = await this.postLocked(v, userId);
      await this.audit.record({ orgId, action: 'voucher.posted', entity: 'voucher', entityId: id });
      const number = voucherNumber(posted.number)!;
      await this.hooks.emitVoucherPosted({
        orgId,
        ledgerId,
        ledgerKind: v.ledger_kind,
        voucherId: id,
        period: posted.period,
        date: posted.voucher_date,
        number,
        memo: posted.memo,
        lines: posted.lines.map((l) => ({ accountCode: l.account_code, debit: l.debit, credit: l.credit, memo: l.memo })),
      });
      // Just posted under its lock: no reversal can exist yet.
      return viewOf(posted, posted.lines, null);
    });
  }

  /**
   * 红字冲销: a new voucher with the same accounts on the same sides and negated amounts, posted at once
   * (it is derived mechanically from a reviewed and posted voucher), linked to the original; once.
   */
  async reverse(orgId: string, ledgerId: string, id: string, input: ReverseVoucherDto, userId: string | null): Promise<VoucherView> {
    return this.tx.run(async () => {
      const original = await this.load(orgId, ledgerId, id);
      if (original.status !== 'posted') throw ledgerError('VOUCHER_NOT_POSTED', 'Only a posted voucher is reversed; edit or delete a draft instead', 409);
      if (original.reverses_id) throw ledgerError('VOUCHER_IS_REVERSAL', 'A reversal voucher is not reversed again', 409);
      if (await this.repo.reversalOf(orgId, id)) throw ledgerError('VOUCHER_ALREADY_REVERSED', 'This voucher has already been reversed', 409);
      const { period } = await this.checkDate(orgId, ledgerId, input.date);
      const lines: NewLine[] = (await this.repo.lines(orgId, id)).map((l) => ({
        accountCode: l.account_code,
        debit: red(l.debit),
        credit: red(l.credit),
        memo: l.memo,
        shareholderId: l.shareholder_id,
        householdId: l.household_id,
        counterparty: l.counterparty,
        assetId: l.asset_id,
      }));
      const reversalId = randomUUID();
      await this.repo.insertVoucher({
        org_id: orgId,
        id: reversalId,
        ledger_id: ledgerId,
        period,
        voucher_date: input.date,
        memo: input.memo ?? `冲销 ${original.period} ${voucherNumber(original.number)}`,
        attachments: 0,
        source: 'reversal',
        reverses_id: id,
        source_ref: null,
        prepared_by: userId,
      });
      await this.repo.insertLines(orgId, ledgerId, reversalId, lines);
      const posted = await this.postLocked({ org_id: orgId, id: reversalId, ledger_id: ledgerId, period }, userId);
      await this.audit.record({ orgId, action: 'voucher.reversed', entity: 'voucher', entityId: reversalId, payload: { reverses: id, ...input } });
      return viewOf(posted, posted.lines, null);
    });
  }

  /**
   * A voucher the system writes and posts at once (closing, share-event money, distribution,
   * payment): same validation, same triggers, same numbering; no review step (source ≠ manual).
   * Its callers need only its id and number, so it is not read back.
   */
  async postSystemVoucher(v: SystemVoucher): Promise<{ id: string; number: number }> {
    return (await this.postSystemVouchers(v.orgId, v.ledgerId, [v]))[0];
  }

  /**
   * Several system vouchers of one ledger, numbered in the order given: per month of them one
   * check of the month and accounts and one numbering statement, then their rows, lines and audit
   * entries in one statement each — a distribution posts three per organization, thousands at year end.
   * `then` runs in the same transaction once they are numbered, for the caller's own write; the audit
   * entries it answers are appended after the vouchers', in the same statement.
   */
  async postSystemVouchers(
    orgId: string,
    ledgerId: string,
    vs: Omit<SystemVoucher, 'orgId' | 'ledgerId'>[],
    then: (posted: { id: string; number: number }[]) => Promise<AuditRecord[]> = async () => [],
  ): Promise<{ id: string; number: number }[]> {
    if (vs.length === 0) throw new Error('postSystemVouchers needs at least one voucher');
    return this.tx.run(async () => {
      const byPeriod = new Map<string, { codes: Set<string>; ids: string[] }>();
      for (const v of vs) {
        const period = periodOf(v.date);
        if (!byPeriod.has(period)) byPeriod.set(period, { codes: new Set(), ids: [] });
        for (const l of v.lines) byPeriod.get(period)!.codes.add(l.accountCode);
      }
      const accountsOf = new Map<string, Map<string, AccountRow>>();
      for (const [period, p] of byPeriod) accountsOf.set(period, (await this.checkDate(orgId, ledgerId, `${period}-01`, [...p.codes])).accounts);
      const drafts = vs.map((v) => {
        const period = periodOfDate(v.date);
        if (v.lines.length < 2) throw ledgerError('VOUCHER_TOO_FEW_LINES', 'A voucher needs at least two lines', 400);
        const id = randomUUID();
        byPeriod.get(period)!.ids.push(id);
        return { ...v, id, period, lines: validateLines(v.lines, accountsOf.get(period)!) };
      });
      const userId = RequestContext.principal()?.userId ?? null;
      await this.repo.insertSystemDrafts(orgId, ledgerId, userId, drafts);
      await this.repo.insertLinesOf(orgId, ledgerId, drafts.map((d) => ({ voucherId: d.id, lines: d.lines })));
      // checkDate made sure each month's row exists; its counter's row lock then serializes the numbering.
      const numbers = new Map<string, number>();
      for (const [period, { ids }] of byPeriod) {
        const posted = await this.repo.postNumberedMany(orgId, ledgerId, period, ids, userId);
        if (posted.length !== ids.length) throw ledgerError('PERIOD_CLOSED', `Period ${period} is closed`, 409);
        for (const p of posted) numbers.set(p.id, p.number);
      }
      const result = drafts.map((d) => ({ id: d.id, number: numbers.get(d.id)! }));
      const theirs = await then(result);
      await this.audit.recordMany([
        ...drafts.map((d) => ({ orgId, action: 'voucher.posted', entity: 'voucher', entityId: d.id, payload: { source: d.source, sourceRef: d.sourceRef } })),
        ...theirs,
      ]);
      return result;
    });
  }

  /** A page of the ledger's vouchers in 序时 order, filtered. */
  async list(orgId: string, ledgerId: string, q: VoucherListQueryDto): Promise<Page<VoucherView>> {
    await this.ledgers.get(orgId, ledgerId);
    const { limit, cursor, ...filter } = q;
    return this.pager.page(
      'vouchers',
      { limit, cursor },
      4,
      (page) => this.repo.vouchers(orgId, ledgerId, filter, page),
      (r): VoucherKey => [r.period, r.number ?? 2147483647, r.created_key, r.id],
      (rows) => this.tx.map(rows, (r) => this.toView(r)),
    );
  }

  /** Every voucher matching a filter, for the services (the year-end close's answer). */
  async matching(orgId: string, ledgerId: string, filter: VoucherFilter): Promise<VoucherView[]> {
    return this.tx.map(await this.repo.vouchers(orgId, ledgerId, filter), (r) => this.toView(r));
  }

  async view(orgId: string, ledgerId: string, id: string): Promise<VoucherView> {
    const v = isUuid(ledgerId) && isUuid(id) ? await this.repo.voucherWithLines(orgId, ledgerId, id) : null;
    if (!v) return this.notFound(orgId, ledgerId);
    return viewOf(v, v.lines, v.reversed_by_id);
  }

  /**
   * Numbers and posts a voucher whose row is locked (or was written) in this transaction. The month's
   * row normally exists (made at draft); if not, it is made and the numbering tried once more.
   */
  private async postLocked(v: Pick<VoucherRow, 'org_id' | 'id' | 'ledger_id' | 'period'>, userId: string | null): Promise<VoucherWithLines> {
    let posted = await this.repo.postNumbered(v.org_id, v.ledger_id, v.id, v.period, userId);
    if (!posted) {
      await this.repo.ensurePeriod(v.org_id, v.ledger_id, v.period);
      posted = await this.repo.postNumbered(v.org_id, v.ledger_id, v.id, v.period, userId);
    }
    if (!posted) throw ledgerError('PERIOD_CLOSED', `Period ${v.period} is closed`, 409);
    return posted;
  }

  /** The voucher locked for a change (the ledger is implied by it; checked only to name what is missing). */
  private async load(orgId: string, ledgerId: string, id: string): Promise<VoucherRow & { ledger_kind: string }> {
    const v = isUuid(ledgerId) && isUuid(id) ? await this.repo.lockVoucher(orgId, ledgerId, id) : null;
    if (!v) return this.notFound(orgId, ledgerId);
    return v;
  }

  /** LEDGER_NOT_FOUND when the ledger is missing, else VOUCHER_NOT_FOUND. */
  private async notFound(orgId: string, ledgerId: string): Promise<never> {
    await this.ledgers.get(orgId, ledgerId);
    throw ledgerError('VOUCHER_NOT_FOUND', 'Voucher not found', 404);
  }

  private async lockDraft(orgId: string, ledgerId: string, id: string): Promise<VoucherRow> {
    const v = await this.load(orgId, ledgerId, id);
    if (v.status !== 'draft') throw ledgerError('VOUCHER_NOT_DRAFT', `A ${v.status} voucher cannot be changed; reverse it instead`, 409);
    return v;
  }

  /**
   * The date falls in a month of the ledger (from its start period) that is still open; the month's
   * row is made on first use. Answers the accounts named by `codes` from the same round trip.
   */
  private async checkDate(orgId: string, ledgerId: string, date: string, codes: string[] = []): Promise<{ period: string; accounts: Map<string, AccountRow> }> {
    const period = periodOf(date);
    const context = isUuid(ledgerId) ? await this.repo.draftContext(orgId, ledgerId, period, codes) : null;
    if (!context) throw ledgerError('LEDGER_NOT_FOUND', 'Ledger not found', 404);
    if (period < context.start_period) throw ledgerError('DATE_OUTSIDE_LEDGER', `The ledger starts in ${context.start_period}`, 400);
    if (context.period_status === 'closed') throw ledgerError('PERIOD_CLOSED', `Period ${period} is closed`, 409);
    return { period, accounts: new Map(context.accounts.map((a) => [a.code, a])) };
  }

  private async checkDraft(orgId: string, ledgerId: string, input: { date: string; memo: string; lines: LineInput[] }): Promise<{ period: string; lines: NewLine[] }> {
    const { period, accounts } = await this.checkDate(orgId, ledgerId, input.date, input.lines.map((l) => l.accountCode));
    if (input.lines.length < 2) throw ledgerError('VOUCHER_TOO_FEW_LINES', 'A voucher needs at least two lines', 400);
    return { period, lines: validateLines(input.lines, accounts) };
  }

  private async toView(v: VoucherRow): Promise<VoucherView> {
    const lines: LineRow[] = await this.repo.lines(v.org_id, v.id);
    return viewOf(v, lines, v.status === 'posted' ? await this.repo.reversalOf(v.org_id, v.id) : null);
  }
}

/** A voucher's answer from its row and lines (as read or as just written). */
function viewOf(v: VoucherRow, lines: LineRow[], reversedById: string | null): VoucherView {
  const sum = (side: 'debit' | 'credit') => money(lines.reduce((s, l) => s.plus(l[side]), new Decimal(0)));
  return {
    id: v.id,
    ledgerId: v.ledger_id,
    date: v.voucher_date,
    period: v.period,
    memo: v.memo,
    attachments: v.attachments,
    status: v.status,
    number: voucherNumber(v.number),
    source: v.source,
    sourceRef: v.source_ref,
    reversesId: v.reverses_id,
    reversedById,
    preparedBy: v.prepared_by,
    reviewedBy: v.reviewed_by,
    postedBy: v.posted_by,
    totalDebit: sum('debit'),
    totalCredit: sum('credit'),
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      accountCode: l.account_code,
      debit: new Decimal(l.debit).isZero() ? null : money(l.debit),
      credit: new Decimal(l.credit).isZero() ? null : money(l.credit),
      memo: l.memo,
      shareholderId: l.shareholder_id,
      householdId: l.household_id,
      counterparty: l.counterparty,
      assetId: l.asset_id,
    })),
  };
}
