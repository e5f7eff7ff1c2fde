import { Decimal, quantity } from '@app/core';
import type { LedgersService, VouchersService } from '@app/ledger';
import type { CreateShareEventDto } from '../dto/shares.dto.js';
import { available } from '../quantities.js';
import type { RegisterService } from '../register.service.js';
import { sharesError } from '../shares-errors.js';
import type { NewLeg, ShareClassRow, ShareEventRow, ShareholderRow, SharesRepository } from '../shares.repository.js';

export interface BuiltEvent {
  legs: NewLeg[];
  details: Record<string, unknown>;
  correctsId: string | null;
}

/**
 * One share-event type of SPEC §2.4: how a request becomes legs (with the checks at application),
 * which of those checks hold again when it takes effect (a holder may die, leave or stop being a
 * member during the 公示), and the voucher it books, if any.
 */
export interface ShareEventType {
  build(ctx: EventContext, input: CreateShareEventDto): Promise<BuiltEvent>;
  /** Runs when the event takes effect, after its legs are applied under the holdings' row locks. */
  recheck(ctx: EventContext, event: ShareEventRow, legs: NewLeg[]): Promise<void>;
  /** Books the event's money in the same transaction; the voucher's id, or null. */
  post?(ctx: EventContext, event: ShareEventRow, on: { today: string; userId: string | null }): Promise<string | null>;
}

export interface EventDeps {
  repo: SharesRepository;
  register: RegisterService;
  vouchers: VouchersService;
  ledgers: LedgersService;
}

/** What an event type reads of the register: its classes and the holders it names, loaded once. */
export class EventContext {
  private constructor(
    readonly orgId: string,
    readonly deps: EventDeps,
    private readonly classes: Map<string, ShareClassRow>,
    private readonly holders: Map<string, ShareholderRow>,
  ) {}

  /** `lock`: the holders are read FOR SHARE, so their status cannot change until the transaction ends. */
  static async load(deps: EventDeps, orgId: string, holderIds: string[], lock = false): Promise<EventContext> {
    const classes = new Map((await deps.repo.shareClasses(orgId)).map((c) => [c.code, c]));
    return new EventContext(orgId, deps, classes, await deps.repo.shareholdersById(orgId, [...new Set(holderIds)], lock));
  }

  holder(id: string): ShareholderRow {
    const h = this.holders.get(id);
    if (!h) throw sharesError('SHAREHOLDER_NOT_FOUND', `Shareholder ${id} is not in this organization's register`, 404);
    return h;
  }

  shareClass(code: string): ShareClassRow {
    const c = this.classes.get(code);
    if (!c) throw sharesError('SHARE_CLASS_NOT_FOUND', `Share class ${code} does not exist`, 400);
    return c;
  }

  /** Early feedback at application; the holdings are checked again under row locks when the event takes effect. */
  async checkAvailable(h: ShareholderRow, classCode: string, q: Decimal): Promise<void> {
    const current = (await this.deps.repo.currentHoldings(this.orgId, h.id)).find((x) => x.class_code === classCode) ?? { quantity: '0', frozen: '0' };
    const held = new Decimal(current.quantity);
    if (held.lt(q)) throw sharesError('INSUFFICIENT_SHARES', `Shareholder ${h.number} holds ${quantity(held)} ${classCode} shares, fewer than ${quantity(q)}`, 409);
    if (available(current).lt(q)) throw sharesError('SHARES_FROZEN', `${quantity(current.frozen)} of shareholder ${h.number}'s ${classCode} shares are frozen`, 409);
  }

  async requireLedger(): Promise<string> {
    const ledgerId = await this.deps.ledgers.collectiveLedgerId(this.orgId);
    if (!ledgerId) throw sharesError('LEDGER_NOT_FOUND', 'The organization has no collective ledger to book the money in', 409);
    return ledgerId;
  }
}

// Rules about holders, each written once and used at application and when the event takes effect.

export function mustBeActive(h: ShareholderRow): void {
  if (h.status !== 'active') throw sharesError('HOLDER_NOT_ACTIVE', `Shareholder ${h.number} is ${h.status}`, 409);
}

/** Transfers, gifts and purchases go to a living member (SPEC §2.4), never to the 集体 holder. */
export function mustBeReceivingMember(h: ShareholderRow): void {
  mustBeActive(h);
  if (!h.member || h.collective) throw sharesError('RECEIVER_NOT_MEMBER', `Shareholder ${h.number} is not a member and cannot receive shares`, 409);
}

export function needLegs(input: CreateShareEventDto, min: number, max = Infinity): NonNullable<CreateShareEventDto['legs']> {
  const legs = input.legs ?? [];
  if (legs.length < min || legs.length > max) throw sharesError('SHARE_EVENT_INVALID', `A ${input.type} has ${min === max ? min : `${min} or more`} legs`, 400);
  return legs;
}

/** The holders of the legs that take shares away (−) and that receive them (+). */
export function givers(ctx: EventContext, legs: NewLeg[]): ShareholderRow[] {
  return legs.filter((l) => new Decimal(l.quantity).isNegative()).map((l) => ctx.holder(l.shareholderId));
}
export function receivers(ctx: EventContext, legs: NewLeg[]): ShareholderRow[] {
  return legs.filter((l) => new Decimal(l.quantity).gt(0)).map((l) => ctx.holder(l.shareholderId));
}
