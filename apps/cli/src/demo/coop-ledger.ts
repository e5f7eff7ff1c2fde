import type { INestApplicationContext } from '@nestjs/common';
import { monthlyStraightLine, monthsBetween } from '@app/assets';
import { Decimal, money, RequestContext } from '@app/core';
import { LedgersService } from '@app/ledger';

/** The 经济社's cards bought before its books start (2024-01): cost, salvage rate, life, in service. */
export interface OpeningCard {
  cardNo: string;
  name: string;
  category: string;
  location: string;
  purpose: 'operating' | 'leased' | 'management' | 'public_welfare';
  cost: string;
  salvageRate: string;
  usefulLifeMonths: number;
  inServiceDate: string;
}

const KINDS: [string, string, 'operating' | 'leased' | 'management' | 'public_welfare', number, number][] = [
  ['厂房', '房屋建筑物', 'leased', 240, 1_200_000],
  ['仓库', '房屋建筑物', 'leased', 240, 450_000],
  ['市场', '房屋建筑物', 'operating', 240, 2_600_000],
  ['道路', '构筑物', 'public_welfare', 360, 800_000],
  ['办公楼', '房屋建筑物', 'management', 240, 1_500_000],
  ['水泵房', '机器设备', 'public_welfare', 120, 90_000],
];

/** 30 cards in service 2014–2023 (厂房, 仓库, 一个市场, 道路, …); deterministic. */
export const OPENING_CARDS: OpeningCard[] = Array.from({ length: 30 }, (_, i) => {
  const [kind, category, purpose, life, base] = KINDS[i % KINDS.length];
  const n = Math.floor(i / KINDS.length) + 1;
  const year = 2014 + (i % 10);
  const month = String((i % 12) + 1).padStart(2, '0');
  return {
    cardNo: `WT1-${String(i + 1).padStart(4, '0')}`,
    name: kind === '市场' && n === 1 ? '温塘综合市场' : `${['一', '二', '三', '四', '五'][n - 1]}号${kind}`,
    category,
    location: `温塘第一村${['东', '南', '西', '北'][i % 4]}片`,
    purpose,
    cost: money(new Decimal(base).plus(i * 12_345.67)),
    salvageRate: '0.0500',
    usefulLifeMonths: life,
    inServiceDate: `${year}-${month}-01`,
  };
});

/** What a card has depreciated by the end of 2023 (straight-line, the last month taking the remainder). */
export function openingAccumulated(c: OpeningCard): string {
  const salvage = new Decimal(c.cost).times(c.salvageRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const months = Math.min(c.usefulLifeMonths, monthsBetween(c.inServiceDate.slice(0, 7), '2023-12'));
  const full = new Decimal(c.cost).minus(salvage);
  if (months >= c.usefulLifeMonths) return money(full);
  return money(Decimal.min(full, monthlyStraightLine(c.cost, salvage.toFixed(2), c.usefulLifeMonths).times(months)));
}

/**
 * The 经济社 温塘第一股份经济合作社's own ledger (三资 live here, so the 经联社's SPEC §6 year and
 * distribution stay exactly as they are): starts 2024-01, bank 10201, opening balances with the
 * cost (151) and accumulated depreciation (152) of the cards bought before. Idempotent: returns the
 * existing ledger when there is one.
 */
export async function seedCoopLedger(app: INestApplicationContext, coopId: string): Promise<string> {
  const ledgers = app.get(LedgersService);
  return RequestContext.run({ requestId: 'demo-seed-coop', principal: null }, async () => {
    const [existing] = (await ledgers.list(coopId, { limit: 1 })).items;
    if (existing) return existing.id;
    const ledger = await ledgers.create(coopId, { name: '温塘第一股份经济合作社 集体经济账', kind: 'collective', chart: '2023', startPeriod: '2024-01' } as never);
    await ledgers.addAccount(coopId, ledger.id, { code: '10201', name: '东莞农商银行温塘支行', parentCode: '102' } as never);
    const cost = OPENING_CARDS.reduce((s, c) => s.plus(c.cost), new Decimal(0));
    const accumulated = OPENING_CARDS.reduce((s, c) => s.plus(openingAccumulated(c)), new Decimal(0));
    const bank = new Decimal('8600000.00');
    await ledgers.setOpeningBalances(coopId, ledger.id, [
      { accountCode: '10201', debit: money(bank) },
      { accountCode: '151', debit: money(cost) },
      { accountCode: '152', credit: money(accumulated) },
      { accountCode: '301', credit: money(bank.plus(cost).minus(accumulated)) },
    ] as never);
    return ledger.id;
  });
}
