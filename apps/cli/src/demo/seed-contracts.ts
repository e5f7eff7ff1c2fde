import type { INestApplicationContext } from '@nestjs/common';
import { AccrualService, ContractsService, TradesService } from '@app/contracts';
import { Clock, creditCodeCheckChar, Decimal, idNumberCheckChar, money, RequestContext, TransactionRunner } from '@app/core';
import type { Principal } from '@app/core';
import { seedCoopLedger } from './coop-ledger.js';

const person = (n: number) => {
  const first17 = `44190019${String(60 + (n % 30)).padStart(2, '0')}${String((n % 12) + 1).padStart(2, '0')}${String((n % 27) + 1).padStart(2, '0')}${String(100 + n).slice(-3)}`;
  return first17 + idNumberCheckChar(first17);
};
const company = (n: number) => {
  const first17 = `91441900MA4W${String(10000 + n).slice(-5)}`;
  return first17 + creditCodeCheckChar(first17);
};

const SURNAMES = ['陈', '李', '黄', '张', '梁', '刘', '何', '罗', '叶', '钟'];
const GIVEN = ['志强', '伟明', '淑仪', '建华', '国良', '丽珍', '耀辉', '锦华', '秀英', '永康', '少芬', '德胜'];
const OBJECTS = ['第一工业区 1 号厂房', '第一工业区 2 号厂房', '第二工业区 3 号厂房', '温塘市场 A 区商铺', '温塘市场 B 区商铺', '村委楼下铺位', '旧村仓库', '鱼塘', '果园地块', '停车场'];

/**
 * 三资 for the demo's 经济社: 25 contracts (24 signed leases and one from a public-bidding trade
 * with three bidders), 2024's rent accrued month by month and received (most on time, some late
 * and partly, two tenants stop paying in July: overdue today), one lease ending this month
 * (expiring within 30 days of today). Skipped when the 经济社 already has contracts.
 */
/** The 经济社's bank sub-account (apps/cli/src/demo/coop-ledger.ts): rent and deposits come in there. */
const BANK = '10201';

export async function seedContracts(app: INestApplicationContext, coopId: string): Promise<void> {
  const tx = app.get(TransactionRunner);
  const [{ n }]: { n: number }[] = await tx.manager.query(`SELECT count(*)::int AS n FROM contracts WHERE org_id = $1`, [coopId]);
  if (n > 0) return;
  const ledgerId = await seedCoopLedger(app, coopId);
  const [accountant]: { id: string }[] = await tx.manager.query(`SELECT id FROM users WHERE username = 'accountant'`);
  const principal: Principal = { userId: accountant.id, username: 'accountant', isAdmin: false, grants: [], shareholderId: null };
  const contracts = app.get(ContractsService);
  const trades = app.get(TradesService);
  const accruals = app.get(AccrualService);
  const today = app.get(Clock).today();
  const thisMonthEnd = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);

  await RequestContext.run({ requestId: 'demo-seed', principal }, async () => {
    const ids: { id: string; rent: string; plan: 'full' | 'late' | 'stops' }[] = [];
    for (let i = 1; i <= 24; i++) {
      const isCompany = i % 3 === 0;
      const rent = money(new Decimal(3000).plus((i * 1370) % 17000));
      const c = await contracts.create(coopId, {
        ledgerId,
        number: `HT-2024-${String(i).padStart(3, '0')}`,
        title: `${OBJECTS[i % OBJECTS.length]}租赁合同`,
        parties: [
          isCompany
            ? { kind: 'company', name: `东莞市${GIVEN[i % GIVEN.length]}实业有限公司`, idCode: company(i) }
            : { kind: 'person', name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`, idCode: person(i) },
        ],
        objects: [{ description: OBJECTS[i % OBJECTS.length], area: money(new Decimal(200).plus(i * 45)) }],
        startDate: '2024-01-01',
        endDate: i === 1 ? thisMonthEnd : `${2027 + (i % 3)}-12-31`,
        billingCycle: i % 8 === 0 ? 'quarterly' : 'monthly',
        monthlyRent: rent,
        escalationPercent: i % 2 === 0 ? '5.00' : '0',
        deposit: money(new Decimal(rent).times(2)),
      } as never);
      await contracts.sign(coopId, c.id, '2023-12-20');
      await contracts.deposit(coopId, c.id, { kind: 'received', date: '2024-01-05', bankAccountCode: BANK });
      ids.push({ id: c.id, rent, plan: i === 7 || i === 19 ? 'stops' : i % 5 === 0 ? 'late' : 'full' });
    }

    // A public bidding with three bidders: the highest bid wins and becomes contract 25.
    const trade = await trades.create(coopId, {
      number: 'JY-2023-001',
      title: '第二工业区 5 号厂房租赁权公开竞投',
      method: 'public_bidding',
      object: { description: '第二工业区 5 号厂房', area: '1500.00' },
      reservePrice: '15000.00',
      increment: '500.00',
    });
    let view = trade;
    for (const [k, b] of [
      { kind: 'person', name: '叶锦华', idCode: person(31) },
      { kind: 'company', name: '东莞市永康五金制品有限公司', idCode: company(32) },
      { kind: 'company', name: '东莞市德胜电子有限公司', idCode: company(33) },
    ].entries()) {
      view = await trades.addBidder(coopId, trade.id, b as never);
      void k;
    }
    const bidder = (name: string) => view.bidders.find((b) => b.name === name)!.id;
    for (const [name, amount] of [
      ['叶锦华', '15000.00'],
      ['东莞市永康五金制品有限公司', '15500.00'],
      ['东莞市德胜电子有限公司', '16500.00'],
      ['东莞市永康五金制品有限公司', '17000.00'],
    ] as const) {
      view = await trades.bid(coopId, trade.id, { bidderId: bidder(name), amount });
    }
    view = await trades.complete(coopId, trade.id, {
      date: '2023-12-15',
      ledgerId,
      contractNumber: 'HT-2024-025',
      startDate: '2024-01-01',
      endDate: '2028-12-31',
      escalationPercent: '3.00',
      deposit: '34000.00',
    });
    await contracts.sign(coopId, view.contractId!, '2023-12-20');
    ids.push({ id: view.contractId!, rent: '17000.00', plan: 'full' });

    for (let m = 1; m <= 12; m++) {
      const period = `2024-${String(m).padStart(2, '0')}`;
      await accruals.accrue(coopId, ledgerId, period);
      for (const c of ids) {
        const due = new Decimal((await contracts.load(coopId, c.id)).outstanding);
        if (due.isZero()) continue;
        let amount: Decimal;
        if (c.plan === 'full') amount = due;
        else if (c.plan === 'stops') amount = m <= 6 ? due : new Decimal(0);
        else amount = m % 3 === 0 ? due.times('0.8').toDecimalPlaces(2) : new Decimal(0); // late: pays 80 % of what is due each quarter
        if (amount.isZero()) continue;
        await contracts.receive(coopId, c.id, { date: `${period}-28`, amount: money(amount), bankAccountCode: BANK });
      }
    }
  });
}
