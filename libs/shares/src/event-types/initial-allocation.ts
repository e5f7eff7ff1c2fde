import { parseQuantity } from '../quantities.js';
import { EventContext, mustBeActive, needLegs, receivers, ShareEventType } from './event-type.js';

/** 配股 at the 股权固化日: creates holdings for active holders. */
export const initialAllocation: ShareEventType = {
  async build(ctx, input) {
    const legs = needLegs(input, 1).map((l, i) => {
      ctx.shareClass(l.shareClass);
      mustBeActive(ctx.holder(l.shareholderId));
      return { shareholderId: l.shareholderId, classCode: l.shareClass, quantity: parseQuantity(l.quantity, `legs[${i}].quantity`, 'positive'), frozen: '0' };
    });
    return { legs, details: {}, correctsId: null };
  },
  async recheck(ctx: EventContext, _event, legs) {
    receivers(ctx, legs).forEach(mustBeActive);
  },
};
