import { Decimal, quantity } from '@app/core';
import type { CreateShareEventDto } from '../dto/shares.dto.js';
import { parseQuantity } from '../quantities.js';
import { sharesError } from '../shares-errors.js';
import { givers, mustBeActive, mustBeReceivingMember, needLegs, receivers, ShareEventType } from './event-type.js';

/** 转让 and 赠与 (to a close relative): one quantity of one class from one living holder to a living member; Σlegs = 0. */
function transferLike(type: 'transfer' | 'gift'): ShareEventType {
  return {
    async build(ctx, input: CreateShareEventDto) {
      const [a, b] = needLegs(input, 2, 2);
      const qa = parseQuantity(a.quantity, 'legs[0].quantity', 'any');
      const qb = parseQuantity(b.quantity, 'legs[1].quantity', 'any');
      if (a.shareClass !== b.shareClass || !new Decimal(qa).plus(qb).isZero() || new Decimal(qa).isZero() || a.shareholderId === b.shareholderId) {
        throw sharesError('SHARE_EVENT_INVALID', 'A transfer moves one quantity of one class from one holder to another: legs −q and +q', 400);
      }
      const c = ctx.shareClass(a.shareClass);
      const details: Record<string, unknown> = {};
      if (type === 'transfer' && !c.transferable) throw sharesError('NOT_TRANSFERABLE', `${c.name} shares are not transferable`, 409);
      if (type === 'gift') {
        if (!c.giftable) throw sharesError('NOT_GIFTABLE', `${c.name} shares cannot be given`, 409);
        if (!input.relationship) throw sharesError('SHARE_EVENT_INVALID', 'A gift names the close-relative relationship', 400);
        details.relationship = input.relationship;
      }
      const [from, to] = new Decimal(qa).isNegative() ? [a, b] : [b, a];
      const sender = ctx.holder(from.shareholderId);
      const receiver = ctx.holder(to.shareholderId);
      mustBeActive(sender);
      mustBeReceivingMember(receiver);
      const q = new Decimal(qa).abs();
      await ctx.checkAvailable(sender, from.shareClass, q);
      return {
        legs: [
          { shareholderId: sender.id, classCode: from.shareClass, quantity: quantity(q.negated()), frozen: '0' },
          { shareholderId: receiver.id, classCode: to.shareClass, quantity: quantity(q), frozen: '0' },
        ],
        details,
        correctsId: null,
      };
    },
    async recheck(ctx, _event, legs) {
      givers(ctx, legs).forEach(mustBeActive);
      receivers(ctx, legs).forEach(mustBeReceivingMember);
    },
  };
}

export const transfer = transferLike('transfer');
export const gift = transferLike('gift');
