import { Decimal, quantity } from '@app/core';
import { available, parseQuantity } from '../quantities.js';
import { sharesError } from '../shares-errors.js';
import type { NewLeg } from '../shares.repository.js';
import { needLegs, ShareEventType } from './event-type.js';

/**
 * 冻结 / 解冻 after a dispute, a pledge or a court: the legs change the frozen part only. The holder's
 * status does not matter (a deceased holder's shares may be frozen in an estate dispute).
 */
function freezeLike(type: 'freeze' | 'unfreeze'): ShareEventType {
  return {
    async build(ctx, input) {
      const legs: NewLeg[] = [];
      for (const [i, l] of needLegs(input, 1).entries()) {
        ctx.shareClass(l.shareClass);
        const h = ctx.holder(l.shareholderId);
        const q = parseQuantity(l.quantity, `legs[${i}].quantity`, 'positive');
        const current = (await ctx.deps.repo.currentHoldings(ctx.orgId, h.id)).find((x) => x.class_code === l.shareClass) ?? { quantity: '0', frozen: '0' };
        if (type === 'freeze' && available(current).lt(q)) throw sharesError('INSUFFICIENT_SHARES', `Shareholder ${h.number} has fewer unfrozen ${l.shareClass} shares than ${q}`, 409);
        if (type === 'unfreeze' && new Decimal(current.frozen).lt(q)) throw sharesError('SHARE_EVENT_INVALID', `Only ${quantity(current.frozen)} shares are frozen`, 409);
        legs.push({ shareholderId: h.id, classCode: l.shareClass, quantity: '0', frozen: type === 'freeze' ? q : quantity(new Decimal(q).negated()) });
      }
      return { legs, details: {}, correctsId: null };
    },
    async recheck() {
      // The frozen part against the holding is checked under the row locks for every type.
    },
  };
}

export const freeze = freezeLike('freeze');
export const unfreeze = freezeLike('unfreeze');
