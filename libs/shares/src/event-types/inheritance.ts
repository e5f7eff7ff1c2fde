import { Decimal, quantity } from '@app/core';
import { fractionsSumToOne, parseFraction, splitByFractions } from '../quantities.js';
import { sharesError } from '../shares-errors.js';
import type { NewLeg, ShareholderRow } from '../shares.repository.js';
import { EventContext, mustBeActive, ShareEventType } from './event-type.js';

function mustBeDeceased(h: ShareholderRow): void {
  if (h.status !== 'deceased') throw sharesError('INHERITANCE_FROM_LIVING', `Shareholder ${h.number} is not recorded as deceased`, 409);
}

/** The deceased is the holder whose legs take shares away (all of them, in every class). */
function deceasedOf(ctx: EventContext, legs: NewLeg[]): ShareholderRow {
  return ctx.holder(legs.find((l) => new Decimal(l.quantity).isNegative())!.shareholderId);
}

/**
 * 继承: all of a deceased holder's shares pass to living heirs by exact fractions (the last heir takes
 * the remainder); non-inheritable classes go to the 集体 holder or are cancelled; the deceased ends
 * with nothing. Heirs need not be members (they then hold for dividends only).
 */
export const inheritance: ShareEventType = {
  async build(ctx, input) {
    if (!input.deceasedId || !input.heirs || input.heirs.length === 0) throw sharesError('SHARE_EVENT_INVALID', 'An inheritance names the deceased and the heirs', 400);
    const deceased = ctx.holder(input.deceasedId);
    mustBeDeceased(deceased);
    const heirs = input.heirs.map((h) => ctx.holder(h.shareholderId));
    if (new Set(heirs.map((h) => h.id)).size !== heirs.length || heirs.some((h) => h.id === deceased.id || h.collective)) {
      throw sharesError('SHARE_EVENT_INVALID', 'Heirs are distinct shareholders other than the deceased', 400);
    }
    heirs.forEach(mustBeActive);
    const fractions = input.heirs.map((h, i) => parseFraction(h.fraction, `heirs[${i}].fraction`));
    if (!fractionsSumToOne(fractions)) throw sharesError('FRACTIONS_INVALID', 'The heirs’ fractions must add up to exactly 1', 400);
    const held = await ctx.deps.repo.currentHoldings(ctx.orgId, deceased.id);
    if (held.some((h) => !new Decimal(h.frozen).isZero())) throw sharesError('SHARES_FROZEN', 'Some of the deceased’s shares are frozen; unfreeze them first', 409);
    if (held.length === 0) throw sharesError('INSUFFICIENT_SHARES', 'The deceased holds no shares', 409);
    const collective = await ctx.deps.register.ensureCollectiveHolder(ctx.orgId);
    const legs: NewLeg[] = [];
    for (const h of held) {
      const c = ctx.shareClass(h.class_code);
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
    return { legs, details: { heirs: input.heirs, nonMemberHeirs: heirs.filter((h) => !h.member).map((h) => h.id) }, correctsId: null };
  },
  async recheck(ctx, _event, legs) {
    const deceased = deceasedOf(ctx, legs);
    mustBeDeceased(deceased);
    legs.filter((l) => l.shareholderId !== deceased.id && !ctx.holder(l.shareholderId).collective).forEach((l) => mustBeActive(ctx.holder(l.shareholderId)));
    // The legs took what the deceased held at application; whatever reached them since stays behind.
    const left = await ctx.deps.repo.currentHoldings(ctx.orgId, deceased.id);
    if (left.length > 0) {
      throw sharesError('INHERITANCE_INCOMPLETE', `Shareholder ${deceased.number} would keep ${left.map((h) => `${quantity(h.quantity)} ${h.class_code}`).join(', ')}: apply the inheritance again`, 409);
    }
  },
};
