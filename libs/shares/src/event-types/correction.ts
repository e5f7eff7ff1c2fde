import { Decimal, quantity } from '@app/core';
import { sharesError } from '../shares-errors.js';
import { ShareEventType } from './event-type.js';

/**
 * 更正: reverses the legs of one effective event (not a correction), once, and its voucher if it
 * booked money. It names no holder of its own, so no holder's status is re-checked: reversing a
 * mistake stays possible after a holder has died or left.
 */
export const correction: ShareEventType = {
  async build(ctx, input) {
    if (!input.correctsEventId) throw sharesError('SHARE_EVENT_INVALID', 'A correction names the event it corrects', 400);
    const { repo } = ctx.deps;
    const original = await repo.event(ctx.orgId, input.correctsEventId);
    if (!original) throw sharesError('SHARE_EVENT_NOT_FOUND', 'The corrected event does not exist', 404);
    if (original.status !== 'effective' || original.type === 'correction') throw sharesError('SHARE_EVENT_STATE', 'Only an effective event (not a correction) is corrected', 409);
    if (await repo.correctionOf(ctx.orgId, original.id)) throw sharesError('ALREADY_CORRECTED', 'This event is already being corrected', 409);
    const legs = (await repo.legs(ctx.orgId, original.id)).map((l) => ({
      shareholderId: l.shareholder_id,
      classCode: l.class_code,
      quantity: quantity(new Decimal(l.quantity).negated()),
      frozen: quantity(new Decimal(l.frozen).negated()),
    }));
    return { legs, details: { corrects: original.type }, correctsId: original.id };
  },
  async recheck() {},
  async post(ctx, event, on) {
    const original = await ctx.deps.repo.event(ctx.orgId, event.corrects_id!);
    if (!original?.voucher_id) return null;
    const ledgerId = await ctx.requireLedger();
    const reversal = await ctx.deps.vouchers.reverse(ctx.orgId, ledgerId, original.voucher_id, { date: on.today, memo: `更正股权事项 冲销 ${original.type}` }, on.userId);
    return reversal.id;
  },
};
