import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService, registerEntitySnapshot } from '@app/audit';
import { addDays, Clock, Decimal, isRetryableDbError, money, Pager, quantity, toErrorBody, TransactionRunner } from '@app/core';
import type { Keyset, Page } from '@app/core';
import { isValidDate, LedgersService, VouchersService } from '@app/ledger';
import { OrganizationsService } from '@app/organizations';
import { CreateShareEventDto, ShareEventQueryDto } from './dto/shares.dto.js';
import { EventContext, EventDeps, SHARE_EVENT_TYPES, ShareEventType } from './event-types/index.js';
import { available } from './quantities.js';
import { RegisterService } from './register.service.js';
import { sharesError } from './shares-errors.js';
import { HistoryProblem, NewLeg, ShareEventRow, SharesRepository } from './shares.repository.js';

registerEntitySnapshot(
  'share_event',
  `SELECT to_jsonb(e) || jsonb_build_object('legs',
     (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.leg_no), '[]'::jsonb) FROM share_event_legs l WHERE l.org_id = e.org_id AND l.event_id = e.id))
     FROM share_events e WHERE e.org_id = $1 AND e.id = $2::uuid`,
);

/** How far ahead an effective date may be: a year's 公示 and board meetings, not more (a stated rule). */
export const MAX_DAYS_AHEAD = 90;
/** Freezes and unfreezes follow a dispute or a court: approved, they take effect without 公示. */
const NO_NOTICE_TYPES = new Set(['freeze', 'unfreeze']);

export interface ShareEventView {
  id: string;
  type: string;
  status: string;
  effectiveDate: string;
  documents: string[];
  details: Record<string, unknown>;
  /** `by` is left out of a shareholder's own view. */
  objections: { at: string; by?: string; reason: string }[];
  noticeEndsOn: string | null;
  correctsId: string | null;
  voucherId: string | null;
  closedReason: string | null;
  /** The user who applied (staff views only: the board does not approve its own application). */
  appliedBy?: string | null;
  legs: { shareholderId: string; shareClass: string; quantity: string; frozen: string }[];
}

/**
 * Share events (SPEC §2.4): applied (pending) → approved by the board, which opens the 公示 →
 * effective when finalized after the notice period without open objections; or rejected /
 * withdrawn / cancelled. Only effective events change holdings, under row locks on the holdings.
 */
@Injectable()
export class ShareEventsService {
  private readonly deps: EventDeps;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: SharesRepository,
    register: RegisterService,
    vouchers: VouchersService,
    ledgers: LedgersService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly pager: Pager,
  ) {
    this.deps = { repo, register, vouchers, ledgers };
  }

  async apply(orgId: string, input: CreateShareEventDto, userId: string): Promise<ShareEventView> {
    if (!isValidDate(input.effectiveDate)) throw sharesError('EFFECTIVE_DATE_INVALID', 'effectiveDate must be a valid YYYY-MM-DD date', 400);
    const latest = addDays(this.clock.today(), MAX_DAYS_AHEAD);
    if (input.effectiveDate > latest || input.effectiveDate < '1980-01-01') {
      throw sharesError('EFFECTIVE_DATE_INVALID', `effectiveDate must be between 1980-01-01 and ${latest} (at most ${MAX_DAYS_AHEAD} days ahead)`, 400);
    }
    const type = eventType(input.type);
    return this.tx.run(async () => {
      const named = [...(input.legs ?? []).map((l) => l.shareholderId), ...(input.heirs ?? []).map((h) => h.shareholderId), ...(input.deceasedId ? [input.deceasedId] : [])];
      const ctx = await EventContext.load(this.deps, orgId, named);
      const { legs, details, correctsId } = await type.build(ctx, input);
      const id = randomUUID();
      await this.repo.insertEvent(orgId, { id, type: input.type, effectiveDate: input.effectiveDate, documents: input.documents ?? [], details, correctsId, appliedBy: userId });
      await this.repo.insertLegs(orgId, id, legs);
      // Back-dated: the holdings must also hold on every date from the effective date on (the database checks again when it takes effect).
      throwHistoryProblem((await this.repo.historyProblems(orgId, id, 1))[0]);
      await this.audit.record({ orgId, action: 'share_event.applied', entity: 'share_event', entityId: id, payload: { type: input.type } });
      return this.view(orgId, id);
    });
  }

  /** The board approves; the 公示 runs for the organization's notice days (none for freezes). The applicant does not approve. */
  async approve(orgId: string, id: string, userId: string): Promise<ShareEventView> {
    return this.tx.run(async () => {
      const event = await this.lock(orgId, id, ['pending']);
      if (event.applied_by === userId) throw sharesError('SELF_APPROVAL', 'An application is approved by someone other than the applicant', 403);
      const { noticeDays } = await this.organizations.settings(orgId);
      const noticeEndsOn = addDays(this.clock.today(), NO_NOTICE_TYPES.has(event.type) ? 0 : noticeDays);
      await this.repo.setEventState(orgId, id, { status: 'public_notice', approvedBy: userId, noticeEndsOn });
      await this.audit.record({ orgId, action: 'share_event.approved', entity: 'share_event', entityId: id, payload: { noticeEndsOn } });
      return this.view(orgId, id);
    });
  }

  /** An objection during the 公示 sends the event back to pending, with the objection attached. */
  /**
   * An objection during the 公示. `ownLegsOf`: a caller who is only a shareholder of the organization
   * is answered with their own legs (as /me/share-events), null when they hold none in the event.
   */
  async object(orgId: string, id: string, userId: string, reason: string, ownLegsOf?: string | null): Promise<ShareEventView> {
    const view = await this.objectAndView(orgId, id, userId, reason);
    return ownLegsOf === undefined ? view : ownView(view, ownLegsOf ?? '');
  }

  private async objectAndView(orgId: string, id: string, userId: string, reason: string): Promise<ShareEventView> {
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
      const type = eventType(event.type);
      await this.applyLegs(orgId, legs);
      // The holders as they are now, locked until this commits: they may have died, left or stopped being members during the 公示.
      const ctx = await EventContext.load(this.deps, orgId, legs.map((l) => l.shareholderId), true);
      await type.recheck(ctx, event, legs);
      const voucherId = type.post ? await type.post(ctx, event, { today, userId }) : null;
      // Setting the status runs trg_share_events_history_holds (the replay from the effective date on).
      await this.repo.setEventState(orgId, id, { status: 'effective', voucherId, effective: true });
      await this.audit.record({ orgId, action: 'share_event.effective', entity: 'share_event', entityId: id, payload: { voucherId } });
      return this.view(orgId, id);
    });
  }

  /**
   * The sweep: finalizes every due event of one organization. Each event is all-or-nothing (its own
   * transaction from the job, a savepoint inside the request's transaction over HTTP): a failed one
   * writes nothing and is reported with the code a single finalize would answer. Deadlocks and
   * serialization failures are not reported but re-run the whole sweep.
   */
  async finalizeDue(orgId: string, userId: string | null): Promise<{ finalized: string[]; failed: { id: string; code: string; message: string }[] }> {
    const finalized: string[] = [];
    const failed: { id: string; code: string; message: string }[] = [];
    for (const id of await this.repo.dueEvents(orgId, this.clock.today())) {
      try {
        await this.repo.allOrNothing(() => this.finalize(orgId, id, userId));
        finalized.push(id);
      } catch (error) {
        if (isRetryableDbError(error)) throw error;
        // Mapped as the API maps it (a trigger's "CODE: message" included; anything unexpected is INTERNAL, unexplained).
        const { code, message } = toErrorBody(error, '');
        failed.push({ id, code, message });
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

  /** For a shareholder: the events touching their holdings (their own legs only: `ownView`), by organization id then as `list` orders them. */
  async mine(principal: { shareholderId: string | null; grants: { orgId: string; role: string }[] }, q: { limit?: number; cursor?: string }): Promise<Page<{ orgId: string; event: ShareEventView }>> {
    const holders = (await this.deps.register.mine(principal)).sort((a, b) => (a.orgId < b.orgId ? -1 : 1));
    return this.pager.page(
      'my-share-events',
      q,
      4,
      async (page) => {
        const rows: { orgId: string; holderId: string; row: Awaited<ReturnType<SharesRepository['events']>>[number] }[] = [];
        for (const h of holders) {
          if (rows.length >= page.take || (page.after && h.orgId < String(page.after[0]))) continue;
          const after: Keyset | null = page.after && h.orgId === page.after[0] ? page.after.slice(1) : null;
          const found = await this.repo.events(h.orgId, { shareholderId: h.shareholder.id }, { after, take: page.take - rows.length });
          rows.push(...found.map((row) => ({ orgId: h.orgId, holderId: h.shareholder.id, row })));
        }
        return rows;
      },
      (r) => [r.orgId, r.row.effective_date, r.row.created_key, r.row.id],
      (rows) => this.tx.map(rows, async (r) => ({ orgId: r.orgId, event: ownView(await this.toView(r.orgId, r.row), r.holderId) })),
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
      const after = { quantity: q, frozen: f };
      if (q.isNegative()) throw sharesError('INSUFFICIENT_SHARES', `Holder has ${quantity(h.quantity)} ${leg.classCode} shares; ${quantity(new Decimal(leg.quantity).negated())} cannot leave`, 409);
      if (f.isNegative()) throw sharesError('SHARE_EVENT_INVALID', `Only ${quantity(h.frozen)} ${leg.classCode} shares are frozen`, 409);
      if (available(after).isNegative()) throw sharesError('SHARES_FROZEN', `${quantity(h.frozen)} of the holder's ${leg.classCode} shares are frozen and cannot move`, 409);
      holdings.set(key, { quantity: q.toFixed(4), frozen: f.toFixed(4) });
    }
    for (const leg of legs) await this.repo.addToHolding(orgId, leg);
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
      appliedBy: r.applied_by,
      legs: legs.map((l) => ({ shareholderId: l.shareholder_id, shareClass: l.class_code, quantity: quantity(l.quantity), frozen: quantity(l.frozen) })),
    };
  }
}

function eventType(type: string): ShareEventType {
  if (!Object.hasOwn(SHARE_EVENT_TYPES, type)) throw sharesError('SHARE_EVENT_INVALID', `Unknown event type ${type}`, 400);
  return SHARE_EVENT_TYPES[type];
}

/** The first date a replay breaks, as the error the database's trigger would raise for it. */
function throwHistoryProblem(p: HistoryProblem | undefined): void {
  if (!p) return;
  throw sharesError(p.code, `Shareholder ${p.number} would hold ${quantity(p.quantity)} ${p.class_code} shares (${quantity(p.frozen)} frozen) on ${p.on_date}`, 409, { shareholderId: p.shareholder_id, shareClass: p.class_code, onDate: p.on_date });
}

/**
 * What a shareholder sees of an event: their own legs; of an inheritance's heirs and a purchase's
 * amount only their own part; objections without who made them.
 */
function ownView(e: ShareEventView, shareholderId: string): ShareEventView {
  const legs = e.legs.filter((l) => l.shareholderId === shareholderId);
  const details: Record<string, unknown> = { ...e.details };
  if (Array.isArray(details.heirs)) details.heirs = (details.heirs as { shareholderId: string }[]).filter((h) => h.shareholderId === shareholderId);
  if (Array.isArray(details.nonMemberHeirs)) details.nonMemberHeirs = (details.nonMemberHeirs as string[]).filter((id) => id === shareholderId);
  if (typeof details.price === 'string' && typeof details.amount === 'string') {
    details.amount = money(legs.reduce((sum, l) => sum.plus(new Decimal(l.quantity).abs().times(details.price as string)), new Decimal(0)));
  }
  const { appliedBy: _staffOnly, ...shown } = e;
  return { ...shown, legs, details, objections: e.objections.map(({ at, reason }) => ({ at, reason })) };
}
