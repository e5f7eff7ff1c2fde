import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { Clock, idNumberCheckChar, Principal, RequestContext, Role, TransactionRunner } from '@app/core';
import { LedgersService, PeriodsService, VouchersService } from '@app/ledger';
import { seedContracts } from './demo/seed-contracts.js';
import { seedCoopLedger } from './demo/coop-ledger.js';
import { seedAssets } from './demo/seed-assets.js';
import { RegisterService, ShareEventsService } from '@app/shares';
import { DistributionsService } from '@app/dividends';
import { OrganizationsService } from '@app/organizations';
import { SPEC_YEAR } from './fixtures/spec-year.js';
import { seedDemoContractWarnings, seedDemoSupervision } from './demo/seed-supervision.js';

export interface DemoCredential {
  username: string;
  password: string;
  role: string;
  /** The `shareholder` login's 股东 (printed in the welcome). */
  holder?: { number: string; name: string; household: string };
}

/**
 * The `shareholder` login is 股东 0011: head of household H0004, holding 基本股 and 劳龄股 in the 2024
 * 分红, and heir (since the demo's inheritance) of 0010's 基本股.
 */
export const DEMO_SHAREHOLDER_NUMBER = '0011';

export const DEMO_TOWN_CODE = '11441900MB2C00001M';
export const DEMO_UNION_CODE = 'N2441900MA0000001F';
export const DEMO_COOPERATIVE_CODE = 'N2441900MA0000002J';

/**
 * A town (东城街道), one 经联社 with one 经济社, and a user per role. Runs through the same services
 * (and so the same audit chain) as the API. Skips what exists, so re-running the demo is safe.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoCredential[]> {
  const orgs = app.get(OrganizationsService);
  const users = app.get(UsersService);
  const tx = app.get(TransactionRunner);
  const existing: { id: string; code: string }[] = await tx.manager.query(`SELECT id, code FROM organizations WHERE code = ANY($1)`, [
    [DEMO_TOWN_CODE, DEMO_UNION_CODE, DEMO_COOPERATIVE_CODE],
  ]);
  const idOf = (code: string) => existing.find((o) => o.code === code)?.id;

  return RequestContext.run({ requestId: 'demo-seed', principal: null }, async () => {
    const townId = idOf(DEMO_TOWN_CODE) ?? (await orgs.create({ code: DEMO_TOWN_CODE, name: '东莞市东城街道', kind: 'town' })).id;
    const unionId =
      idOf(DEMO_UNION_CODE) ?? (await orgs.create({ code: DEMO_UNION_CODE, name: '东城街道温塘股份经济联合社', kind: 'union', parentId: townId })).id;
    const coopId =
      idOf(DEMO_COOPERATIVE_CODE) ??
      (await orgs.create({ code: DEMO_COOPERATIVE_CODE, name: '温塘第一股份经济合作社', kind: 'cooperative', parentId: unionId })).id;

    const people: { username: string; role: Role | 'admin'; orgIds: string[] }[] = [
      { username: 'admin', role: 'admin', orgIds: [] },
      { username: 'accountant', role: 'accountant', orgIds: [unionId, coopId] },
      { username: 'reviewer', role: 'reviewer', orgIds: [unionId, coopId] },
      { username: 'cashier', role: 'cashier', orgIds: [unionId, coopId] },
      { username: 'board', role: 'board', orgIds: [unionId] },
      { username: 'supervisor', role: 'supervisor', orgIds: [townId] },
      { username: 'auditor', role: 'auditor', orgIds: [townId] },
    ];
    const taken: { username: string }[] = await tx.manager.query(`SELECT username FROM users`);
    const credentials: DemoCredential[] = [];
    for (const p of people) {
      const password = `demo-${p.username}-pass`;
      if (!taken.some((t) => t.username === p.username)) {
        await users.create({
          username: p.username,
          password,
          isAdmin: p.role === 'admin',
          grants: p.role === 'admin' ? [] : p.orgIds.map((orgId) => ({ orgId, role: p.role as Role })),
        });
      }
      credentials.push({ username: p.username, password, role: p.role });
    }
    await seedDemoBooks(app, unionId);
    await seedDemoRegister(app, unionId);
    await seedDemoDistribution(app, unionId);
    await seedDemoSupervision(app, townId, unionId);
    // 三资 (issue 16) live in the 经济社's own ledger, so the 经联社's SPEC §6 year stays as it is:
    // its cards, resources and 2024 depreciation, then its contracts, a trade and 2024 rent.
    const coopLedgerId = await seedCoopLedger(app, coopId);
    await seedAssets(app, coopId, coopLedgerId);
    await seedContracts(app, coopId);
    // Supervision of the 经济社's contracts: the town's W8–W10 thresholds, the 经济社's warnings evaluated.
    await seedDemoContractWarnings(app, townId, coopId);
    // Created once the register exists: the login is linked to its 股东.
    const [holder]: { id: string; number: string; name: string; household: string }[] = await tx.manager.query(
      `SELECT s.id, s.number, s.name, h.code AS household FROM shareholders s JOIN households h ON h.org_id = s.org_id AND h.id = s.household_id WHERE s.org_id = $1 AND s.number = $2`,
      [unionId, DEMO_SHAREHOLDER_NUMBER],
    );
    const password = 'demo-shareholder-pass';
    if (!taken.some((t) => t.username === 'shareholder')) {
      await users.create({ username: 'shareholder', password, grants: [{ orgId: unionId, role: 'shareholder' }], shareholderId: holder.id });
    }
    credentials.push({ username: 'shareholder', password, role: 'shareholder', holder: { number: holder.number, name: holder.name, household: holder.household } });
    return credentials;
  });
}

/**
 * The 经联社's books for 2024 as in SPEC §6: opening balances, a year of vouchers prepared by the
 * accountant and reviewed by the reviewer, and the year-end close. Skipped when the ledger exists.
 */
async function seedDemoBooks(app: INestApplicationContext, orgId: string): Promise<void> {
  const ledgers = app.get(LedgersService);
  if ((await ledgers.list(orgId, { limit: 1 })).items.length > 0) return;
  const { as, ids } = await actors(app);
  const [accountant, reviewer] = [ids.accountant, ids.reviewer];
  const vouchers = app.get(VouchersService);

  const ledger = await as('accountant', () => ledgers.create(orgId, SPEC_YEAR.ledger));
  await as('accountant', () => ledgers.addAccount(orgId, ledger.id, SPEC_YEAR.bankAccount));
  await as('accountant', () => ledgers.setOpeningBalances(orgId, ledger.id, SPEC_YEAR.openingBalances));
  for (const v of SPEC_YEAR.vouchers) {
    const draft = await as('accountant', () => vouchers.draft(orgId, ledger.id, v, accountant));
    await as('reviewer', () => vouchers.review(orgId, ledger.id, draft.id, reviewer));
    await as('accountant', () => vouchers.post(orgId, ledger.id, draft.id, accountant));
  }
  await as('accountant', () => app.get(PeriodsService).closeYear(orgId, ledger.id, String(SPEC_YEAR.fiscalYear)));
}

/**
 * The 经联社's 股东名册: three share classes, 600 households with 2,000 shareholders, the fixing-date
 * allocation (10 基本股 each, 4 劳龄股 for those born before 1975), then a transfer, an inheritance
 * and a purchase, each applied by the accountant, approved by the board and made effective.
 */
async function seedDemoRegister(app: INestApplicationContext, orgId: string): Promise<void> {
  const register = app.get(RegisterService);
  if ((await register.shareClasses(orgId)).length > 0) return;
  const events = app.get(ShareEventsService);
  const { as, ids } = await actors(app);
  const [accountant, board] = [ids.accountant, ids.board];
  await as('accountant', () => register.createShareClass(orgId, { code: 'BASIC', name: '基本股', weight: '1', transferable: true, giftable: true, inheritable: true }));
  await as('accountant', () => register.createShareClass(orgId, { code: 'LABOR', name: '劳龄股', weight: '0.5', transferable: false, giftable: false, inheritable: false }));
  await as('accountant', () => register.createShareClass(orgId, { code: 'RAISED', name: '募集股', weight: '1', transferable: true, giftable: false, inheritable: true, redeemable: true }));
  const surnames = ['陈', '李', '黄', '张', '王', '梁', '刘', '林', '叶', '钟', '何', '罗', '莫', '蔡', '袁'];
  const given = ['国强', '美玲', '志明', '秀英', '家豪', '丽华', '伟文', '小红', '建华', '淑芬', '永坚', '翠兰', '锦荣', '惠珍', '耀辉', '少芳'];
  const holders: string[] = [];
  const legs: { shareholderId: string; shareClass: string; quantity: string }[] = [];
  let n = 0;
  for (let h = 1; h <= 600; h++) {
    const household = await as('accountant', () => register.createHousehold(orgId, { code: `H${String(h).padStart(4, '0')}`, address: `温塘村${Math.ceil(h / 20)}巷${((h - 1) % 20) + 1}号` }));
    const members = h % 3 === 0 ? 4 : 3;
    for (let m = 0; m < members && n < 2000; m++) {
      n++;
      const birth = `19${40 + ((n * 7) % 60)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}`;
      const first17 = `441900${birth}${String(n % 1000).padStart(3, '0')}`;
      const holder = await as('accountant', () =>
        register.createShareholder(
          orgId,
          {
            number: String(n).padStart(4, '0'),
            name: `${surnames[h % surnames.length]}${given[n % given.length]}`,
            idNumber: first17 + idNumberCheckChar(first17),
            householdId: household.id,
            member: true,
            bankAccount: `622202020${String(n).padStart(7, '0')}`,
          },
          true,
        ),
      );
      holders.push(holder.id);
      legs.push({ shareholderId: holder.id, shareClass: 'BASIC', quantity: '10' });
      if (birth.slice(0, 4) < '1975') legs.push({ shareholderId: holder.id, shareClass: 'LABOR', quantity: '4' });
      if (m === 0) await as('accountant', () => register.setHead(orgId, household.id, holder.id));
    }
  }
  const clock = app.get(Clock);
  const effect = async (body: Record<string, unknown>) => {
    const e = await as('accountant', () => events.apply(orgId, body as never, accountant));
    const approved = await as('board', () => events.approve(orgId, e.id, board));
    // The demo does not wait out the 公示: it runs the clock to the notice's end for the finalize.
    clock.setToday(approved.noticeEndsOn);
    await as('board', () => events.finalize(orgId, e.id, board));
    clock.setToday(null);
  };
  await effect({ type: 'initial_allocation', effectiveDate: '2024-01-01', documents: ['股权固化决议（2024年1月1日）'], legs });
  const today = clock.today();
  await effect({
    type: 'transfer',
    effectiveDate: today,
    documents: ['股权转让协议 2025-001'],
    legs: [{ shareholderId: holders[0], shareClass: 'BASIC', quantity: '-2' }, { shareholderId: holders[5], shareClass: 'BASIC', quantity: '2' }],
  });
  // An inheritance: shareholder 0010 died; two heirs of the same household take half each.
  await as('accountant', () => register.updateShareholder(orgId, holders[9], { status: 'deceased', deceasedOn: today }, true));
  await effect({ type: 'inheritance', effectiveDate: today, documents: ['继承公证书 2025-017'], deceasedId: holders[9], heirs: [{ shareholderId: holders[10], fraction: '1/2' }, { shareholderId: holders[11], fraction: '1/2' }] });
  // A purchase of 募集股: the money is booked Dr 10201 / Cr 301 as the event takes effect.
  await effect({ type: 'purchase', effectiveDate: today, price: '1000.00', bankAccountCode: '10201', documents: ['认购书 2025-003'], legs: [{ shareholderId: holders[20], shareClass: 'RAISED', quantity: '5' }] });
}

/**
 * The 2024 distribution of SPEC §6 on the demo register: 30% to 公积公益金, 3,000,000 to the members,
 * calculated (the same work the `year-end` job does, run in-line here), published for its 公示,
 * approved by the board once the notice has run, and posted.
 */
async function seedDemoDistribution(app: INestApplicationContext, orgId: string): Promise<void> {
  const plans = app.get(DistributionsService);
  if ((await plans.list(orgId, { limit: 1 })).items.length > 0) return;
  const [ledger] = (await app.get(LedgersService).list(orgId, { limit: 1 })).items;
  if (!ledger) return;
  const { as, ids } = await actors(app);
  const [accountant, board] = [ids.accountant, ids.board];
  const plan = await as('accountant', () => plans.create(orgId, { ledgerId: ledger.id, fiscalYear: SPEC_YEAR.fiscalYear, ...SPEC_YEAR.plan } as never, accountant));
  await as('accountant', () => plans.calculate(orgId, plan.id));
  const published = await as('accountant', () => plans.publish(orgId, plan.id));
  // As for the share events: the demo runs the clock to the notice's end rather than skipping the 公示.
  const clock = app.get(Clock);
  clock.setToday(published.noticeEndsOn);
  try {
    await as('board', () => plans.approve(orgId, plan.id, board));
  } finally {
    clock.setToday(null);
  }
  await as('accountant', () => plans.post(orgId, plan.id));
}

/** The demo's staff, and a way to act as one of them (so the audit log names who did what). */
async function actors(app: INestApplicationContext) {
  const rows: { id: string; username: string }[] = await app
    .get(TransactionRunner)
    .manager.query(`SELECT id, username FROM users WHERE username IN ('accountant', 'reviewer', 'board')`);
  const ids = Object.fromEntries(rows.map((r) => [r.username, r.id])) as Record<'accountant' | 'reviewer' | 'board', string>;
  const as = <T>(username: 'accountant' | 'reviewer' | 'board', fn: () => Promise<T>) => {
    const principal: Principal = { userId: ids[username], username, isAdmin: false, grants: [], shareholderId: null };
    return RequestContext.run({ requestId: 'demo-seed', principal }, fn);
  };
  return { as, ids };
}
