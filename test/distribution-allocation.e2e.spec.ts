import fc from 'fast-check';
import { Clock, RequestContext } from '@app/core';
import { DistributionsService } from '@app/dividends';
import { LedgersService } from '@app/ledger';
import { RegisterService, ShareEventsService } from '@app/shares';
import { seedWorld, startTestApp, TestApp, World } from './support/test-app.js';
import { idFor } from './support/shares.js';

/**
 * The allocation arithmetic of SPEC §2.5, through the real calculation (set-based SQL) at the
 * service level. Each case uses its own share class and fiscal year so cases do not see each other.
 */
describe('distribution: exact allocation', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;
  let register: RegisterService;
  let events: ShareEventsService;
  let plans: DistributionsService;
  let serial = 0;
  const classes: string[] = [];

  const as = <T>(who: 'accountant' | 'board', fn: () => Promise<T>) =>
    RequestContext.run({ requestId: 'alloc', principal: { userId: world.userIds[who], username: who, isAdmin: false, grants: [], shareholderId: null } }, fn);

  /** Holders with the given quantities of a fresh class, allocated on `date`; returns their ids in number order. */
  async function holdersOf(cls: string, weight: string, quantities: string[], date: string): Promise<string[]> {
    await as('accountant', () => register.createShareClass(world.unionId, { code: cls, name: cls, weight, transferable: true, giftable: false, inheritable: true }));
    classes.push(cls);
    const household = await as('accountant', () => register.createHousehold(world.unionId, { code: `A${cls}` }));
    const ids: string[] = [];
    for (let i = 0; i < quantities.length; i++) {
      serial++;
      const h = await as('accountant', () =>
        register.createShareholder(world.unionId, { number: `S${String(serial).padStart(6, '0')}`, name: `股东${serial}`, idNumber: idFor(1000 + serial), householdId: household.id, member: true }, true),
      );
      ids.push(h.id);
    }
    await effect({ type: 'initial_allocation', effectiveDate: date, legs: ids.map((id, i) => ({ shareholderId: id, shareClass: cls, quantity: quantities[i] })) });
    return ids;
  }

  async function effect(body: Record<string, unknown>) {
    const e = await as('accountant', () => events.apply(world.unionId, body as never, world.userIds.accountant));
    await as('board', () => events.approve(world.unionId, e.id, world.userIds.board));
    return as('board', () => events.finalize(world.unionId, e.id, world.userIds.board));
  }

  /** A plan counting only the given classes, calculated; returns allocations by shareholder id. */
  async function allocate(year: number, weights: Record<string, string>, money: { totalAmount?: string; amountPerUnit?: string }, extra: Record<string, unknown> = {}) {
    const classWeights = Object.fromEntries(classes.map((c) => [c, weights[c] ?? '0']));
    const plan = await as('accountant', () =>
      plans.create(world.unionId, { ledgerId, fiscalYear: year, reservePercent: '0', classWeights, ...money, ...extra, override: { reason: '测试：无本年收益' } } as never, world.userIds.accountant),
    );
    const calculated = await plans.calculate(world.unionId, plan.id);
    const rows = (await plans.allocations(world.unionId, plan.id, { limit: 1000 })).items;
    return { plan: calculated, byId: new Map(rows.map((r) => [r.shareholderId, r])), rows };
  }

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    register = t.app.get(RegisterService);
    events = t.app.get(ShareEventsService);
    plans = t.app.get(DistributionsService);
    await t.sql(`UPDATE organizations SET notice_days = 0 WHERE id = $1`, [world.unionId]);
    ledgerId = (await as('accountant', () => t.app.get(LedgersService).create(world.unionId, { name: '分配测试账', kind: 'collective', chart: '2023', startPeriod: '2000-01' }))).id;
  });
  afterAll(() => t.close());

  it('100.00 over 3 equal holders → 33.34 / 33.33 / 33.33, the extra cent to the lowest number', async () => {
    const ids = await holdersOf('EQ3', '1', ['1', '1', '1'], '2001-01-01');
    const { rows, plan } = await allocate(2001, { EQ3: '1' }, { totalAmount: '100.00' });
    expect(rows.map((r) => r.gross)).toEqual(['33.34', '33.33', '33.33']);
    expect(rows.map((r) => r.shareholderId)).toEqual(ids);
    expect(plan.grossTotal).toBe('100.00');
    expect(plan.warnings).toEqual(['distributes 100.00, more than the distributable 0.00 (本年收益 − 公积公益金 + 年初未分配收益); overridden: 测试：无本年收益']);
  });

  it('0.05 over 7 equal holders → five get a cent, the two highest numbers none; Σ = 0.05', async () => {
    await holdersOf('EQ7', '1', ['1', '1', '1', '1', '1', '1', '1'], '2002-01-01');
    const { rows } = await allocate(2002, { EQ7: '1' }, { totalAmount: '0.05' });
    expect(rows.map((r) => r.gross)).toEqual(['0.01', '0.01', '0.01', '0.01', '0.01', '0.00', '0.00']);
  });

  it('weights 1 and 0.5: 10 基本股 and 10 劳龄股 are 10 and 5 units', async () => {
    const [a] = await holdersOf('W1', '1', ['10'], '2003-01-01');
    const [b] = await holdersOf('W05', '0.5', ['10'], '2003-01-01');
    const { byId } = await allocate(2003, { W1: '1', W05: '0.5' }, { totalAmount: '150.00' });
    expect([byId.get(a)!.units, byId.get(a)!.gross, byId.get(b)!.units, byId.get(b)!.gross]).toEqual(['10.00000000', '100.00', '5.00000000', '50.00']);
  });

  it('pro-rating by days: a holder who bought on 07-01 of a leap year counts 184/366 of a year', async () => {
    const [early] = await holdersOf('PR', '1', ['100'], '2004-01-01');
    serial++;
    const household = await as('accountant', () => register.createHousehold(world.unionId, { code: 'APRL' }));
    const late = await as('accountant', () =>
      register.createShareholder(world.unionId, { number: `S${String(serial).padStart(6, '0')}`, name: '七月入股', idNumber: idFor(1000 + serial), householdId: household.id, member: true }, true),
    );
    await effect({ type: 'initial_allocation', effectiveDate: '2004-07-01', legs: [{ shareholderId: late.id, shareClass: 'PR', quantity: '100' }] });
    const { byId, plan } = await allocate(2004, { PR: '1' }, { amountPerUnit: '1.0000' }, { prorateByDays: true });
    expect(byId.get(early)!.units).toBe('100.00000000');
    expect(byId.get(late.id)!.units).toBe('50.27322404'); // 100 × 184 / 366
    expect([byId.get(early)!.gross, byId.get(late.id)!.gross, plan.grossTotal]).toEqual(['100.00', '50.27', '150.27']);
  });

  it('per-unit amount half-up; 20% tax half-up per holder; frozen shares withheld; 集体股 allocated without tax', async () => {
    const [a, b] = await holdersOf('TX', '1', ['3.3333', '7'], '2005-01-01');
    await effect({ type: 'freeze', effectiveDate: '2005-02-01', legs: [{ shareholderId: b, shareClass: 'TX', quantity: '3.5' }] });
    const collective = await as('accountant', () => register.ensureCollectiveHolder(world.unionId));
    await effect({ type: 'initial_allocation', effectiveDate: '2005-01-01', legs: [{ shareholderId: collective.id, shareClass: 'TX', quantity: '2' }] });
    const { byId, plan } = await allocate(2005, { TX: '1' }, { amountPerUnit: '0.3750' }, { taxRate: '0.20' });
    // 3.3333 × 0.375 = 1.2499875 → 1.25; tax 0.25; net 1.00
    expect(byId.get(a)).toMatchObject({ gross: '1.25', tax: '0.25', net: '1.00', withheld: '0.00' });
    // 7 × 0.375 = 2.625 → 2.63; tax 0.526 → 0.53; net 2.10; half of the shares frozen → 1.05 withheld
    expect(byId.get(b)).toMatchObject({ gross: '2.63', tax: '0.53', net: '2.10', withheld: '1.05', frozenUnits: '3.50000000' });
    expect(byId.get(collective.id)).toMatchObject({ collective: true, gross: '0.75', tax: '0.00', net: '0.75' });
    expect([plan.grossTotal, plan.taxTotal, plan.collectiveGross]).toEqual(['4.63', '0.78', '0.75']);
  });

  it('re-running a calculation gives identical rows', async () => {
    const first = await allocate(2006, { EQ3: '1', EQ7: '2', W1: '1.5' }, { totalAmount: '1000.00' });
    const again = await plans.calculate(world.unionId, first.plan.id);
    const rows = (await plans.allocations(world.unionId, first.plan.id, { limit: 1000 })).items;
    expect(rows).toEqual(first.rows);
    expect(again.grossTotal).toBe('1000.00');
  });

  it('property (200 seeded runs): every cent equals an independent BigInt largest-remainder reference, Σ = total', async () => {
    const cls = 'PROP';
    await as('accountant', () => register.createShareClass(world.unionId, { code: cls, name: cls, weight: '1', transferable: true, giftable: false, inheritable: true }));
    classes.push(cls);
    const household = await as('accountant', () => register.createHousehold(world.unionId, { code: 'APROP' }));
    const pool: { id: string; number: string }[] = [];
    for (let i = 0; i < 12; i++) {
      serial++;
      const number = `P${String(i).padStart(3, '0')}`;
      const h = await as('accountant', () => register.createShareholder(world.unionId, { number, name: `随机${i}`, idNumber: idFor(5000 + i), householdId: household.id, member: true }, true));
      pool.push({ id: h.id, number });
    }
    const held = new Map<string, bigint>(); // ten-thousandths of a share, cumulative across runs
    // Each run is a fiscal year of its own (2101…2300); let those dates be in the past.
    t.app.get(Clock).setToday('2400-01-01');
    let year = 2100;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ who: fc.nat({ max: 11 }), q: fc.integer({ min: 1, max: 50_000_000 }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom('1', '0.5', '0.3333', '2.75'),
        async (adds, totalCents, weight) => {
          year++;
          await effect({
            type: 'initial_allocation',
            effectiveDate: `${year}-01-01`,
            legs: adds.map((a) => ({ shareholderId: pool[a.who].id, shareClass: cls, quantity: (Number(a.q) / 10_000).toFixed(4) })),
          });
          for (const a of adds) held.set(pool[a.who].id, (held.get(pool[a.who].id) ?? 0n) + BigInt(a.q));
          const total = (BigInt(totalCents) / 100n).toString() + '.' + String(totalCents % 100).padStart(2, '0');
          const { rows } = await allocate(year, { [cls]: weight }, { totalAmount: total });
          // Reference: units = q × w exactly (10⁻⁸); base = ⌊D·u/U⌋ cents; leftover cents to the largest remainders, ties by number.
          const w = BigInt(weight.replace('.', '').padEnd(weight.includes('.') ? weight.split('.')[0].length + 4 : weight.length + 4, '0'));
          const holders = pool.filter((p) => (held.get(p.id) ?? 0n) > 0n).map((p) => ({ ...p, u: held.get(p.id)! * w }));
          const U = holders.reduce((s, h) => s + h.u, 0n);
          const D = BigInt(totalCents);
          const parts = holders.map((h) => ({ ...h, base: (D * h.u) / U, rem: (D * h.u) % U }));
          let leftover = D - parts.reduce((s, p) => s + p.base, 0n);
          const order = [...parts].sort((a, b) => (a.rem === b.rem ? (a.number < b.number ? -1 : 1) : a.rem > b.rem ? -1 : 1));
          const extra = new Set<string>();
          for (const p of order) if (leftover-- > 0n) extra.add(p.id);
          const expected = parts
            .sort((a, b) => (a.number < b.number ? -1 : 1))
            .map((p) => {
              const cents = p.base + (extra.has(p.id) ? 1n : 0n);
              return `${p.number} ${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
            });
          const byNumber = new Map(pool.map((p) => [p.id, p.number]));
          expect(rows.map((r) => `${byNumber.get(r.shareholderId)} ${r.gross}`)).toEqual(expected);
          expect(rows.reduce((s, r) => s + BigInt(r.gross.replace('.', '')), 0n)).toBe(D);
        },
      ),
      { numRuns: 200, seed: 20241231, endOnFailure: true },
    );
  }, 600_000);
});
