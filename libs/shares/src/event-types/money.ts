import { Decimal, decimalProblem, money } from '@app/core';
import { parseQuantity } from '../quantities.js';
import { sharesError } from '../shares-errors.js';
import type { NewLeg } from '../shares.repository.js';
import { givers, mustBeActive, mustBeReceivingMember, needLegs, receivers, ShareEventType } from './event-type.js';

type MoneyType = 'purchase' | 'project_investment' | 'redemption';

const MEMO: Record<MoneyType, string> = { purchase: '有偿购股入股款', project_investment: '项目入股款', redemption: '回购股份付款' };

/**
 * 有偿购股 and 项目入股 (a member pays price × quantity: Dr 102 / Cr 301 on effect) and 回购
 * (the organization buys back where the charter allows: Dr 301 / Cr 102).
 */
function moneyEvent(type: MoneyType): ShareEventType {
  return {
    async build(ctx, input) {
      const requested = needLegs(input, 1);
      const price = input.price;
      const priceProblem = decimalProblem(price, { scale: 2 });
      if (priceProblem) throw sharesError('INVALID_AMOUNT', `price ${priceProblem}`, 400);
      let amount = new Decimal(0);
      const legs: NewLeg[] = [];
      for (const [i, l] of requested.entries()) {
        const c = ctx.shareClass(l.shareClass);
        const h = ctx.holder(l.shareholderId);
        mustBeActive(h);
        const q = parseQuantity(l.quantity, `legs[${i}].quantity`, type === 'redemption' ? 'negative' : 'positive');
        if (type === 'project_investment' && !c.project) throw sharesError('NOT_PROJECT_CLASS', `${c.name} is not a project class`, 409);
        if (type === 'purchase' && c.project) throw sharesError('NOT_PROJECT_CLASS', `${c.name} is a project class: use project_investment`, 409);
        if (type === 'redemption') {
          if (!c.redeemable) throw sharesError('NOT_REDEEMABLE', `The charter does not allow buying back ${c.name} shares`, 409);
          await ctx.checkAvailable(h, c.code, new Decimal(q).abs());
        } else mustBeReceivingMember(h);
        amount = amount.plus(new Decimal(q).abs().times(price as string));
        legs.push({ shareholderId: h.id, classCode: c.code, quantity: q, frozen: '0' });
      }
      if (new Decimal(money(amount)).isZero()) throw sharesError('INVALID_AMOUNT', `price × quantity comes to ${money(amount)}: nothing to book`, 400);
      return { legs, details: { price: money(price as string), amount: money(amount), bankAccountCode: input.bankAccountCode ?? '102' }, correctsId: null };
    },
    async recheck(ctx, _event, legs) {
      givers(ctx, legs).forEach(mustBeActive);
      receivers(ctx, legs).forEach(mustBeReceivingMember);
    },
    async post(ctx, event, on) {
      const ledgerId = await ctx.requireLedger();
      const amount = String(event.details.amount);
      const bank = String(event.details.bankAccountCode ?? '102');
      const lines = type === 'redemption' ? [{ accountCode: '301', debit: amount }, { accountCode: bank, credit: amount }] : [{ accountCode: bank, debit: amount }, { accountCode: '301', credit: amount }];
      const voucher = await ctx.deps.vouchers.postSystemVoucher({ orgId: ctx.orgId, ledgerId, date: on.today, memo: MEMO[type], source: 'share_event', sourceRef: `share-event:${event.id}`, lines });
      return voucher.id;
    },
  };
}

export const purchase = moneyEvent('purchase');
export const projectInvestment = moneyEvent('project_investment');
export const redemption = moneyEvent('redemption');
