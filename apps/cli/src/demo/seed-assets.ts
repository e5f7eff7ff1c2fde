import type { INestApplicationContext } from '@nestjs/common';
import { AssetsService } from '@app/assets';
import type { CreateAssetDto, CreateResourceDto } from '@app/assets';
import { Decimal, money, RequestContext } from '@app/core';
import { OPENING_CARDS, openingAccumulated } from './coop-ledger.js';

const RESOURCE_TYPES: CreateResourceDto['type'][] = ['耕地', '林地', '园地', '水面', '集体建设用地', '经济发展用地', '四荒地', '滩涂'];
const USES: CreateResourceDto['currentUse'][] = ['contracted_out', 'leased', 'self_run', 'idle', 'contracted_out'];

/**
 * The 经济社's 三资: 40 cards (30 from before 2024 in the opening balances, 10 bought in 2024 and
 * posted Dr 151 / Cr 10201), 15 resources, and 2024's depreciation posted month by month through
 * AssetsService (one voucher a month, Dr 511/513/514 / Cr 152, the card on every line). Skipped
 * when the cards exist.
 */
export async function seedAssets(app: INestApplicationContext, coopId: string, ledgerId: string): Promise<void> {
  const assets = app.get(AssetsService);
  await RequestContext.run({ requestId: 'demo-seed-assets', principal: null }, async () => {
    if ((await assets.list(coopId, ledgerId, { limit: 1 })).items.length > 0) return;
    for (const c of OPENING_CARDS) {
      await assets.create(coopId, ledgerId, {
        ...c,
        acquisitionType: 'opening',
        method: 'straight_line',
        openingAccumulated: openingAccumulated(c),
        openingThrough: '2023-12',
      } as CreateAssetDto);
    }
    for (let i = 0; i < 10; i++) {
      const month = String(i + 1).padStart(2, '0');
      await assets.create(coopId, ledgerId, {
        cardNo: `WT1-${String(31 + i).padStart(4, '0')}`,
        name: i % 2 === 0 ? `${i + 6}号标准厂房` : `村道${i}段硬化`,
        category: i % 2 === 0 ? '房屋建筑物' : '构筑物',
        location: '温塘第一村工业区',
        purpose: i % 2 === 0 ? 'leased' : 'public_welfare',
        acquisitionType: i % 2 === 0 ? 'self_built' : 'purchase',
        creditAccountCode: '10201',
        cost: money(new Decimal(300_000).plus(i * 25_000)),
        salvageRate: '0.0500',
        inServiceDate: `2024-${month}-10`,
        method: 'straight_line',
        usefulLifeMonths: i % 2 === 0 ? 240 : 120,
      } as CreateAssetDto);
    }
    for (let i = 0; i < 15; i++) {
      await assets.createResource(coopId, {
        number: `ZY-${String(i + 1).padStart(3, '0')}`,
        type: RESOURCE_TYPES[i % RESOURCE_TYPES.length],
        name: `${['村东', '村西', '村南', '村北', '河边'][i % 5]}${RESOURCE_TYPES[i % RESOURCE_TYPES.length]}${Math.floor(i / 5) + 1}号地块`,
        location: '温塘第一村',
        boundaries: '东至村道，南至水渠，西至林地，北至集体厂房',
        areaMu: new Decimal(5).plus(i * 3.25).toFixed(4),
        certificateNo: `粤(2020)东莞不动产权第${String(100200 + i)}号`,
        currentUse: USES[i % USES.length],
      } as CreateResourceDto);
    }
    for (let m = 1; m <= 12; m++) await assets.runMonth(coopId, ledgerId, `2024-${String(m).padStart(2, '0')}`);
  });
}
