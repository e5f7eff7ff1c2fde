import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { addDays, Clock, Decimal, decimalProblem, money, Pager, quantity, TransactionRunner } from '@app/core';
import type { Keyset, Page } from '@app/core';
import { isValidDate, VouchersService } from '@app/ledger';
import { CreateShareEventDto, ShareEventQueryDto } from './dto/shares.dto.js';
import { fractionsSumToOne, parseFraction, parseQuantity, splitByFractions } from './quantities.js';
import { RegisterService } from './register.service.js';
import { sharesError } from './shares-errors.js';
import { NewLeg, ShareClassRow, ShareEventRow, ShareholderRow, SharesRepository } from './shares.repository.js';

registerEntitySnapshot(
  'share_event',
  `SELECT to_jsonb(e) || jsonb_build_object('legs',
     (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.leg_no), '[]'::jsonb) FROM share_event_legs l WHERE l.org_id = e.org_id AND l.event_id = e.id))
     FROM share_events e WHERE e.org_id = $1 AND e.id = $2::uuid`,
);

/** How far ahead an effective date may be: a year's 公示 and board meetings, not more (a stated rule). */
export const MAX_DAYS_AHEAD = 90;
const MONEY_TYPES = new Set(['purchase', 'project_investment', 'redemption']);
/** Freezes and unfreezes follow a dispute or a court: approved, they take effect without 公示. */
const NO_NOTICE_TYPES = new Set(['freeze', 'unfreeze']);

export interface ShareEventView {
  id: string;
  type: string;
  status: string;
  effectiveDate: string;
  documents: string[];
  details: Record<string, unknown>;
  objections: { at: string; by: string; reason: string }[];
  noticeEndsOn: string | null;
  correctsId: string | null;
  voucherId: string | null;
  closedReason: string | null;
  legs: { shareholderId: string; shareClass: string; quantity: string; frozen: string }[];
}

/**
 * Share events (SPEC §2.4): applied (pending) → approved by the board, which opens the 公示 →
 * effective when finalized after the notice period without open objections; or rejected /
 * withdrawn / cancelled. Only effective events change holdings, under row locks on the holdings.
 */
@Injectable()
export class ShareEventsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SharesRepository,
    private readonly register: RegisterService,
    private readonly vouchers: VouchersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly pager: Pager,
  ) {}

  async apply(orgId: string, input: CreateShareEventDto, userId: string): Promise<ShareEventView> {
    if (!isValidDate(input.effectiveDate)) throw sharesError('EFFECTIVE_DATE_INVALID', 'effectiveDate must be a valid YYYY-MM-DD date', 400);
    const latest = addDays(this.clock.today(), MAX_DAYS_AHEAD);
    if (input.effectiveDate > latest || input.effectiveDate < '1980-01-01') {
      throw sharesError('EFFECTIVE_DATE_INVALID', `effectiveDate must be between 1980-01-01 and ${latest} (at most ${MAX_DAYS_AHEAD} days ahead)`, 400);
    }
    return this.tx.run(async () => {
      const { legs, details, correctsId } = await this.buildLegs(orgId, input);
      const id = randomUUID();
      await this.repo.insertEvent(orgId, { id, type: input.type, effectiveDate: input.effectiveDate, documents: input.documents ?? [], details, correctsId, appliedBy: userId });
      await this.repo.insertLegs(orgId, id, legs);
      await this.audit.record({ orgId, action: 'share_event.applied', entity: 'share_event', entityId: id, payload: { type: input.type } });
      return this.view(orgId, id);
    });
  }

  /** The board approves; the 公示 runs for the organization's notice days (none for freezes). The applicant does not approve. */
  async approve(orgId: string, id: string, userId: string): Promise<ShareEventView> {
    return this.tx.run(async () => {
      const event = await this.lock(orgId, id, ['pending']);
      if (event.applied_by === userId) throw sharesError('SELF_APPROVAL', 'An application is approved by someone other than the applicant', 403);
      const [org]: { notice_days: number }[] = await this.tx.manager.query(`SELECT notice_days FROM organizations WHERE id = $1`, [orgId]);
      const noticeEndsOn = addDays(this.clock.today(), NO_NOTICE_TYPES.has(event.type) ? 0 : org.notice_days);
      await this.repo.setEventState(orgId, id, { status: 'public_notice', approvedBy: userId, noticeEndsOn });
      await this.audit.record({ orgId, action: 'share_event.approved', entity: 'share_event', entityId: id, payload: { noticeEndsOn } });
      return this.view(orgId, id);
    });
  }

  /** An objection during the 公示 sends the event back to pending, with the objection attached. */
  async object(orgId: string, id: string, userId: string, reason: string): Promise<ShareEventView> {
    return this.tx.run(async () => {
      const event = await this.lock(orgId, id, ['public_notice']);
      const objections = [...event.objections, { at: new Date().toISOString(), by: userId, reason }];
      await this.repo.setEventState(orgId, id, { status: 'pending', objections, noticeEndsOn: null });
      await this.audit.record({ orgId, action: 'share_event.objected', entity: 'share_event', entityId: id, payload: { reason } });
      return this.view(orgId, id);
    });
  }

  async reject(orgId: string, id: string, reason: string): Promise<ShareEventView> {
    return this.close(orgId, id, ['pending', 'public_notice'], 'rejected', reason);
  }

  async withdraw(orgId: string, id: string, reason: string): Promise<ShareEventView> {
    return this.close(orgId, id, ['pending'], 'withdrawn', reason);
  }

  async cancel(orgId: string, id: string, reason: string): Promise<ShareEventView> {
    return this.close(orgId, id, ['public_notice'], 'cancelled', reason);
  }

  /** 生效: after the notice period, on or after the effective date; holdings change under row locks; money posts to the books. */
  async finalize(orgId: string, id: string, userId: string | null): Promise<ShareEventView> {
    return this.tx.run(async () => {
      const event = await this.lock(orgId, id, ['public_notice']);
      const today = this.clock.today();
      if (event.notice_ends_on! > today) throw sharesError('NOTICE_NOT_ENDED', `The 公示 runs until ${event.notice_ends_on}`, 409);
      if (event.effective_date > today) throw sharesError('NOT_YET_EFFECTIVE', `The event takes effect on ${event.effective_date}`, 409);
      const legs = (await this.repo.legs(orgId, id)).map((l) => ({ shareholderId: l.shareholder_id, classCode: l.class_code, quantity: l.quantity, frozen: l.frozen }));
      await this.applyLegs(orgId, legs);
      const voucherId = await this.postMoney(orgId, event, today, userId);
      await this.repo.setEventState(orgId, id, { status: 'effective', voucherId, effective: true });
      await this.audit.record({ orgId, action: 'share_event.effective', entity: 'share_event', entityId: id, payload: { voucherId } });
      return this.view(orgId, id);
    });
  }

  /** The sweep: finalizes every due event of one organization, each in its own transaction; failures are reported, not fatal. */
  async finalizeDue(orgId: string, userId: string | null): Promise<{ finalized: string[]; failed: { id: string; code: string; message: string }[] }> {
    const finalized: string[] = [];
    const failed: { id: string; code: string; message: string }[] = [];
    for (const id of await this.repo.dueEvents(orgId, this.clock.today())) {
      try {
        await this.finalize(orgId, id, userId);
        finalized.push(id);
      } catch (error) {
        const e = error as { code?: string; message: string };
        failed.push({ id, code: e.code ?? 'INTERNAL', message: e.message });
      }
    }
    return { finalized, failed };
  }

  /** By effective date, then as applied; filtered by type, status and holder. */
  list(orgId: string, q: ShareEventQueryDto): Promise<Page<ShareEventView>> {
    const { limit, cursor, ...filter } = q;
    return this.pager.page(
      'share-events',
      { limit, cursor },
      3,
      (page) => this.repo.events(orgId, filter, page),
      (r) => [r.effective_date, r.created_key, r.id],
      (rows) => this.tx.map(rows, (r) => this.toView(orgId, r)),
    );
  }

  /** For a shareholder: the events touching their holdings, by organization id then as `list` orders them. */
  async mine(principal: { shareholderId: string | null; grants: { orgId: string; role: string }[] }, q: { limit?: number; cursor?: string }): Promise<Page<{ orgId: string; event: ShareEventView }>> {
    const holders = (await this.register.mine(principal)).sort((a, b) => (a.orgId < b.orgId ? -1 : 1));
    return this.pager.page(
      'my-share-events',
      q,
      4,
      async (page) => {
        const rows: { orgId: string; row: Awaited<ReturnType<SharesRepository['events']>>[number] }[] = [];
        for (const h of holders) {
          if (rows.length >= page.take || (page.after && h.orgId < String(page.after[0]))) continue;
          const after: Keyset | null = page.after && h.orgId === page.after[0] ? page.after.slice(1) : null;
          const found = await this.repo.events(h.orgId, { shareholderId: h.shareholder.id }, { after, take: page.take - rows.length });
          rows.push(...found.map((row) => ({ orgId: h.orgId, row })));
        }
        return rows;
      },
      (r) => [r.orgId, r.row.effective_date, r.row.created_key, r.row.id],
      (rows) => this.tx.map(rows, async (r) => ({ orgId: r.orgId, event: await this.toView(r.orgId, r.row) })),
    );
  }

  async view(orgId: string, id: string): Promise<ShareEventView> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.event(orgId, id) : null;
    if (!row) throw sharesError('SHARE_EVENT_NOT_FOUND', 'Share event not found', 404);
    return this.toView(orgId, row);
  }

  private async close(orgId: string, id: string, from: string[], status: string, reason: string): Promise<ShareEventView> {
    return this.tx.run(async () => {
      await this.lock(orgId, id, from);
      await this.repo.setEventState(orgId, id, { status, closedReason: reason });
      await this.audit.record({ orgId, action: `share_event.${status}`, entity: 'share_event', entityId: id, payload: { reason } });
      return this.view(orgId, id);
    });
  }

  private async lock(orgId: string, id: string, allowed: string[]): Promise<ShareEventRow> {
    const event = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.event(orgId, id, true) : null;
    if (!event) throw sharesError('SHARE_EVENT_NOT_FOUND', 'Share event not found', 404);
    if (!allowed.includes(event.status)) throw sharesError('SHARE_EVENT_STATE', `The event is ${event.status}; this needs ${allowed.join(' or ')}`, 409);
    return event;
  }

  /** Applies legs in a fixed lock order; a holding never goes below zero or below its frozen part. */
  private async applyLegs(orgId: string, legs: NewLeg[]): Promise<void> {
    const holdings = await this.repo.lockHoldings(orgId, legs);
    for (const leg of legs) {
      const key = `${leg.shareholderId}|${leg.classCode}`;
      const h = holdings.get(key)!;
      const q = new Decimal(h.quantity).plus(leg.quantity);
      const f = new Decimal(h.frozen).plus(leg.frozen);
      if (q.isNegative()) throw sharesError('INSUFFICIENT_SHARES', `Holder has ${quantity(h.quantity)} ${leg.classCode} shares; ${quantity(new Decimal(leg.quantity).negated())} cannot leave`, 409);
      if (f.isNegative()) throw sharesError('SHARE_EVENT_INVALID', `Only ${quantity(h.frozen)} ${leg.classCode} shares are frozen`, 409);
      if (f.gt(q)) throw sharesError('SHARES_FROZEN', `${quantity(h.frozen)} of the holder's ${leg.classCode} shares are frozen and cannot move`, 409);
      holdings.set(key, { quantity: q.toFixed(4), frozen: f.toFixed(4) });
    }
    for (const leg of legs) await this.repo.addToHolding(orgId, leg);
  }

  /** Purchase / project investment: Dr 102 / Cr 301; redemption the reverse; a correction reverses the original's voucher. */
  private async postMoney(orgId: string, event: ShareEventRow, today: string, userId: string | null): Promise<string | null> {
    if (event.type === 'correction') {
      const original = await this.repo.event(orgId, event.corrects_id!);
      if (!original?.voucher_id) return null;
      const ledgerId = await this.requireLedger(orgId);
      const reversal = await this.vouchers.reverse(orgId, ledgerId, original.voucher_id, { date: today, memo: `更正股权事项 冲销 ${original.type}` }, userId);
      return reversal.id;
    }
    if (!MONEY_TYPES.has(event.type)) return null;
    const ledgerId = await this.requireLedger(orgId);
    const amount = String(event.details.amount);
    const bank = String(event.details.bankAccountCode ?? '102');
    const memo = { purchase: '有偿购股入股款', project_investment: '项目入股款', redemption: '回购股份付款' }[event.type as 'purchase'];
    const lines = event.type === 'redemption' ? [{ accountCode: '301', debit: amount }, { accountCode: bank, credit: amount }] : [{ accountCode: bank, debit: amount }, { accountCode: '301', credit: amount }];
    const voucher = await this.vouchers.postSystemVoucher({ orgId, ledgerId, date: today, memo, source: 'share_event', sourceRef: `share-event:${event.id}`, lines });
    return voucher.id;
  }

  private async requireLedger(orgId: string): Promise<string> {
    const ledgerId = await this.repo.collectiveLedger(orgId);
    if (!ledgerId) throw sharesError('LEDGER_NOT_FOUND', 'The organization has no collective ledger to book the money in', 409);
    return ledgerId;
  }

  /** Checks the request against the register and turns it into legs. */
  private async buildLegs(orgId: string, input: CreateShareEventDto): Promise<{ legs: NewLeg[]; details: Record<string, unknown>; correctsId: string | null }> {
    const classes = new Map((await this.repo.shareClasses(orgId)).map((c) => [c.code, c]));
    const requested = input.legs ?? [];
    const ids = [...requested.map((l) => l.shareholderId), ...(input.heirs ?? []).map((h) => h.shareholderId), ...(input.deceasedId ? [input.deceasedId] : [])];
    const holders = await this.repo.shareholdersById(orgId, ids);
    const holder = (id: string): ShareholderRow => {
      const h = holders.get(id);
      if (!h) throw sharesError('SHAREHOLDER_NOT_FOUND', `Shareholder ${id} is not in this organization's register`, 404);
      return h;
    };
    const shareClass = (code: string): ShareClassRow => {
      const c = classes.get(code);
      if (!c) throw sharesError('SHARE_CLASS_NOT_FOUND', `Share class ${code} does not exist`, 400);
      return c;
    };
    const active = (h: ShareholderRow) => {
      if (h.status !== 'active') throw sharesError('HOLDER_NOT_ACTIVE', `Shareholder ${h.number} is ${h.status}`, 409);
    };
    const needLegs = (min: number, max = Infinity) => {
      if (requested.length < min || requested.length > max) throw sharesError('SHARE_EVENT_INVALID', `A ${input.type} has ${min === max ? min : `${min} or more`} legs`, 400);
    };
    const details: Record<string, unknown> = {};

    switch (input.type) {
      case 'initial_allocation': {
        needLegs(1);
        const legs = requested.map((l, i) => {
          shareClass(l.shareClass);
          active(holder(l.shareholderId));
          return { shareholderId: l.shareholderId, classCode: l.shareClass, quantity: parseQuantity(l.quantity, `legs[${i}].quantity`, 'positive'), frozen: '0' };
        });
        return { legs, details, correctsId: null };
      }
      case 'transfer':
      case 'gift': {
        needLegs(2, 2);
        const [a, b] = requested;
        const qa = parseQuantity(a.quantity, 'legs[0].quantity', 'any');
        const qb = parseQuantity(b.quantity, 'legs[1].quantity', 'any');
        if (a.shareClass !== b.shareClass || !new Decimal(qa).plus(qb).isZero() || new Decimal(qa).isZero() || a.shareholderId === b.shareholderId) {
          throw sharesError('SHARE_EVENT_INVALID', 'A transfer moves one quantity of one class from one holder to another: legs −q and +q', 400);
        }
        const c = shareClass(a.shareClass);
        if (input.type === 'transfer' && !c.transferable) throw sharesError('NOT_TRANSFERABLE', `${c.name} shares are not transferable`, 409);
        if (input.type === 'gift' && !c.giftable) throw sharesError('NOT_GIFTABLE', `${c.name} shares cannot be given`, 409);
        if (input.type === 'gift') {
          if (!input.relationship) throw sharesError('SHARE_EVENT_INVALID', 'A gift names the close-relative relationship', 400);
          details.relationship = input.relationship;
        }
        const [from, to] = new Decimal(qa).isNegative() ? [a, b] : [b, a];
        const sender = holder(from.shareholderId);
        const receiver = holder(to.shareholderId);
        active(sender);
        active(receiver);
        if (!receiver.member || receiver.collective) throw sharesError('RECEIVER_NOT_MEMBER', `Shareholder ${receiver.number} is not a member and cannot receive shares`, 409);
        const q = new Decimal(qa).abs();
        await this.checkAvailable(orgId, sender, from.shareClass, q);
        return {
          legs: [
            { shareholderId: sender.id, classCode: from.shareClass, quantity: quantity(q.negated()), frozen: '0' },
            { shareholderId: receiver.id, classCode: to.shareClass, quantity: quantity(q), frozen: '0' },
          ],
          details,
          correctsId: null,
        };
      }
      case 'inheritance': {
        if (!input.deceasedId || !input.heirs || input.heirs.length === 0) throw sharesError('SHARE_EVENT_INVALID', 'An inheritance names the deceased and the heirs', 400);
        const deceased = holder(input.deceasedId);
        if (deceased.status !== 'deceased') throw sharesError('INHERITANCE_FROM_LIVING', `Shareholder ${deceased.number} is not recorded as deceased`, 409);
        const heirs = input.heirs.map((h) => holder(h.shareholderId));
        if (new Set(heirs.map((h) => h.id)).size !== heirs.length || heirs.some((h) => h.id === deceased.id || h.collective)) {
          throw sharesError('SHARE_EVENT_INVALID', 'Heirs are distinct shareholders other than the deceased', 400);
        }
        heirs.forEach(active);
        const fractions = input.heirs.map((h, i) => parseFraction(h.fraction, `heirs[${i}].fraction`));
        if (!fractionsSumToOne(fractions)) throw sharesError('FRACTIONS_INVALID', 'The heirs’ fractions must add up to exactly 1', 400);
        const held = await this.repo.currentHoldings(orgId, deceased.id);
        if (held.some((h) => !new Decimal(h.frozen).isZero())) throw sharesError('SHARES_FROZEN', 'Some of the deceased’s shares are frozen; unfreeze them first', 409);
        if (held.length === 0) throw sharesError('INSUFFICIENT_SHARES', 'The deceased holds no shares', 409);
        const collective = await this.register.ensureCollectiveHolder(orgId);
        const legs: NewLeg[] = [];
        for (const h of held) {
          const c = shareClass(h.class_code);
          legs.push({ shareholderId: deceased.id, classCode: c.code, quantity: quantity(new Decimal(h.quantity).negated()), frozen: '0' });
          if (c.inheritable) {
            splitByFractions(h.quantity, fractions).forEach((part, i) => {
              if (!new Decimal(part).isZero()) legs.push({ shareholderId: heirs[i].id, classCode: c.code, quantity: part, frozen: '0' });
            });
          } else if (c.non_inheritable_to === 'collective') {
            legs.push({ shareholderId: collective.id, classCode: c.code, quantity: quantity(h.quantity), frozen: '0' });
          }
          // 'cancel': the shares simply end with the holder.
        }
        details.heirs = input.heirs;
        details.nonMemberHeirs = heirs.filter((h) => !h.member).map((h) => h.id);
        return { legs, details, correctsId: null };
      }
      case 'purchase':
      case 'project_investment':
      case 'redemption': {
        needLegs(1);
        const price = input.price;
        const priceProblem = decimalProblem(price, { scale: 2 });
        if (priceProblem) throw sharesError('INVALID_AMOUNT', `price ${priceProblem}`, 400);
        const sign = input.type === 'redemption' ? 'negative' : 'positive';
        let amount = new Decimal(0);
        const legs: NewLeg[] = [];
        for (const [i, l] of requested.entries()) {
          const c = shareClass(l.shareClass);
          const h = holder(l.shareholderId);
          active(h);
          const q = parseQuantity(l.quantity, `legs[${i}].quantity`, sign);
          if (input.type === 'project_investment' && !c.project) throw sharesError('NOT_PROJECT_CLASS', `${c.name} is not a project class`, 409);
          if (input.type === 'purchase' && c.project) throw sharesError('NOT_PROJECT_CLASS', `${c.name} is a project class: use project_investment`, 409);
          if (input.type === 'redemption') {
            if (!c.redeemable) throw sharesError('NOT_REDEEMABLE', `The charter does not allow buying back ${c.name} shares`, 409);
            await this.checkAvailable(orgId, h, c.code, new Decimal(q).abs());
          } else if (!h.member || h.collective) throw sharesError('RECEIVER_NOT_MEMBER', `Shareholder ${h.number} is not a member`, 409);
          amount = amount.plus(new Decimal(q).abs().times(price as string));
          legs.push({ shareholderId: h.id, classCode: c.code, quantity: q, frozen: '0' });
        }
        if (new Decimal(money(amount)).isZero()) throw sharesError('INVALID_AMOUNT', `price × quantity comes to ${money(amount)}: nothing to book`, 400);
        Object.assign(details, { price: money(price as string), amount: money(amount), bankAccountCode: input.bankAccountCode ?? '102' });
        return { legs, details, correctsId: null };
      }
      case 'freeze':
      case 'unfreeze': {
        needLegs(1);
        const legs: NewLeg[] = [];
        for (const [i, l] of requested.entries()) {
          shareClass(l.shareClass);
          const h = holder(l.shareholderId);
          const q = parseQuantity(l.quantity, `legs[${i}].quantity`, 'positive');
          const current = (await this.repo.currentHoldings(orgId, h.id)).find((x) => x.class_code === l.shareClass);
          if (input.type === 'freeze' && new Decimal(current?.quantity ?? 0).minus(current?.frozen ?? 0).lt(q)) {
            throw sharesError('INSUFFICIENT_SHARES', `Shareholder ${h.number} has fewer unfrozen ${l.shareClass} shares than ${q}`, 409);
          }
          if (input.type === 'unfreeze' && new Decimal(current?.frozen ?? 0).lt(q)) throw sharesError('SHARE_EVENT_INVALID', `Only ${quantity(current?.frozen ?? '0')} shares are frozen`, 409);
          legs.push({ shareholderId: h.id, classCode: l.shareClass, quantity: '0', frozen: input.type === 'freeze' ? q : quantity(new Decimal(q).negated()) });
        }
        return { legs, details, correctsId: null };
      }
      case 'correction': {
        if (!input.correctsEventId) throw sharesError('SHARE_EVENT_INVALID', 'A correction names the event it corrects', 400);
        const original = await this.repo.event(orgId, input.correctsEventId);
        if (!original) throw sharesError('SHARE_EVENT_NOT_FOUND', 'The corrected event does not exist', 404);
        if (original.status !== 'effective' || original.type === 'correction') throw sharesError('SHARE_EVENT_STATE', 'Only an effective event (not a correction) is corrected', 409);
        if (await this.repo.correctionOf(orgId, original.id)) throw sharesError('ALREADY_CORRECTED', 'This event is already being corrected', 409);
        const legs = (await this.repo.legs(orgId, original.id)).map((l) => ({
          shareholderId: l.shareholder_id,
          classCode: l.class_code,
          quantity: quantity(new Decimal(l.quantity).negated()),
          frozen: quantity(new Decimal(l.frozen).negated()),
        }));
        return { legs, details: { corrects: original.type }, correctsId: original.id };
      }
      default:
        throw sharesError('SHARE_EVENT_INVALID', `Unknown event type ${input.type}`, 400);
    }
  }

  /** Early feedback at application; the same rule is enforced again, under locks, when the event takes effect. */
  private async checkAvailable(orgId: string, h: ShareholderRow, classCode: string, q: Decimal): Promise<void> {
    const current = (await this.repo.currentHoldings(orgId, h.id)).find((x) => x.class_code === classCode);
    const held = new Decimal(current?.quantity ?? 0);
    const free = held.minus(current?.frozen ?? 0);
    if (held.lt(q)) throw sharesError('INSUFFICIENT_SHARES', `Shareholder ${h.number} holds ${quantity(held)} ${classCode} shares, fewer than ${quantity(q)}`, 409);
    if (free.lt(q)) throw sharesError('SHARES_FROZEN', `${quantity(new Decimal(current!.frozen))} of shareholder ${h.number}'s ${classCode} shares are frozen`, 409);
  }

  private async toView(orgId: string, r: ShareEventRow): Promise<ShareEventView> {
    const legs = await this.repo.legs(orgId, r.id);
    return {
      id: r.id,
      type: r.type,
      status: r.status,
      effectiveDate: r.effective_date,
      documents: r.documents,
      details: r.details,
      objections: r.objections,
      noticeEndsOn: r.notice_ends_on,
      correctsId: r.corrects_id,
      voucherId: r.voucher_id,
      closedReason: r.closed_reason,
      legs: legs.map((l) => ({ shareholderId: l.shareholder_id, shareClass: l.class_code, quantity: quantity(l.quantity), frozen: quantity(l.frozen) })),
    };
  }
}
