import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { SPEC_YEAR } from '../apps/cli/src/fixtures/spec-year';
import { call, login } from './seed';

/**
 * The portal's own world, through the API only: a 经联社 with SPEC §6's 2024 books closed, three
 * shareholders in two households, the 2024 分红 (3,000,000 over 10,000 units, 20 % tax) calculated,
 * approved, posted and paid; then a transfer to our shareholder in its 公示 (7 days).
 *   0001 王大明 (head of H0001): 4,000 基本股
 *   0002 王小红 (H0001, the portal's login): 3,000 基本股 + 2,000 劳龄股 (weight 0.5) = 4,000 units
 *   0003 李四 (H0002, someone else): 2,000 基本股
 */
export interface PortalWorld {
  orgId: string;
  password: string;
  users: { shareholder: string; neighbour: string; accountant: string };
  holders: Record<'head' | 'me' | 'other', string>;
  transferId: string;
}

const PASSWORD = 'portal-password-e2e';

function creditCode(serial: number): string {
  const first17 = `N2441900MA${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

export async function seedPortal(baseURL: string): Promise<PortalWorld> {
  const tag = Date.now().toString(36).slice(-5);
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const serial = 100 + Math.floor(Math.random() * 9_000_000);
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: creditCode(serial), name: '门户街道', kind: 'town' });
  const org = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: creditCode(serial + 1), name: '下村股份经济联合社', kind: 'union', parentId: town.id });
  const u = (role: string) => `portal-${role}-${tag}`;
  for (const role of ['accountant', 'reviewer', 'board']) await call(baseURL, 'POST', '/users', admin, { username: u(role), password: PASSWORD, grants: [{ orgId: org.id, role }] });
  const accountant = await login(baseURL, u('accountant'), PASSWORD);
  const reviewer = await login(baseURL, u('reviewer'), PASSWORD);
  const board = await login(baseURL, u('board'), PASSWORD);
  const o = `/orgs/${org.id}`;
  await call(baseURL, 'PATCH', `${o}/settings`, board, { noticeDays: 0 });

  // SPEC §6's year, booked and closed.
  const ledger = await call<{ id: string }>(baseURL, 'POST', `${o}/ledgers`, accountant, SPEC_YEAR.ledger);
  const l = `${o}/ledgers/${ledger.id}`;
  await call(baseURL, 'POST', `${l}/accounts`, accountant, SPEC_YEAR.bankAccount);
  await call(baseURL, 'POST', `${l}/opening-balances`, accountant, { lines: SPEC_YEAR.openingBalances });
  for (const v of SPEC_YEAR.vouchers) {
    const draft = await call<{ id: string }>(baseURL, 'POST', `${l}/vouchers`, accountant, v);
    await call(baseURL, 'POST', `${l}/vouchers/${draft.id}/review`, reviewer);
    await call(baseURL, 'POST', `${l}/vouchers/${draft.id}/post`, accountant);
  }
  await call(baseURL, 'POST', `${l}/years/2024/close`, accountant);

  // The register.
  await call(baseURL, 'POST', `${o}/share-classes`, accountant, { code: 'BASIC', name: '基本股', weight: '1', transferable: true, giftable: true, inheritable: true });
  await call(baseURL, 'POST', `${o}/share-classes`, accountant, { code: 'LABOR', name: '劳龄股', weight: '0.5', transferable: false, giftable: false, inheritable: true });
  const h1 = await call<{ id: string }>(baseURL, 'POST', `${o}/households`, accountant, { code: 'H0001' });
  const h2 = await call<{ id: string }>(baseURL, 'POST', `${o}/households`, accountant, { code: 'H0002' });
  const person = async (number: string, name: string, idNumber: string, householdId: string) =>
    (await call<{ id: string }>(baseURL, 'POST', `${o}/shareholders`, accountant, { number, name, idNumber, householdId, member: true, bankAccount: `62220202${number}0001` })).id;
  const holders = {
    head: await person('0001', '王大明', '441900198001011237', h1.id),
    me: await person('0002', '王小红', '441900199002150022', h1.id),
    other: await person('0003', '李四', '441900197512314569', h2.id),
  };
  await call(baseURL, 'POST', `${o}/households/${h1.id}/head`, accountant, { headShareholderId: holders.head });
  const allocation = await call<{ id: string }>(baseURL, 'POST', `${o}/share-events`, accountant, {
    type: 'initial_allocation',
    effectiveDate: '2024-01-01',
    legs: [
      { shareholderId: holders.head, shareClass: 'BASIC', quantity: '4000' },
      { shareholderId: holders.me, shareClass: 'BASIC', quantity: '3000' },
      { shareholderId: holders.me, shareClass: 'LABOR', quantity: '2000' },
      { shareholderId: holders.other, shareClass: 'BASIC', quantity: '2000' },
    ],
  });
  await call(baseURL, 'POST', `${o}/share-events/${allocation.id}/approve`, board);
  await call(baseURL, 'POST', `${o}/share-events/${allocation.id}/finalize`, board);

  // The 2024 分红: calculated (a job), approved without a 公示 (a recorded reason), posted, paid.
  const plan = await call<{ id: string }>(baseURL, 'POST', `${o}/distributions`, accountant, { ledgerId: ledger.id, fiscalYear: 2024, ...SPEC_YEAR.plan, taxRate: '0.20' });
  const d = `${o}/distributions/${plan.id}`;
  const { jobId } = await call<{ jobId: string }>(baseURL, 'POST', `${d}/calculate`, accountant);
  for (let i = 0; ; i++) {
    const job = await call<{ state: string }>(baseURL, 'GET', `/jobs/${jobId}`, accountant);
    if (job.state === 'completed') break;
    if (job.state === 'failed' || i > 300) throw new Error(`calculation ${job.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await call(baseURL, 'POST', `${d}/approve`, board, { skipNotice: { reason: '门户测试：跳过公示' } });
  await call(baseURL, 'POST', `${d}/post`, accountant);
  const batch = await call<{ id: string }>(baseURL, 'POST', `${d}/payment-batches`, accountant, {});
  await call(baseURL, 'POST', `${d}/payment-batches/${batch.id}/confirm`, accountant, { bankAccountCode: '10201' });

  // From now on a 7-day 公示: a transfer of 100 基本股 from 李四 to 王小红, approved, in its notice.
  await call(baseURL, 'PATCH', `${o}/settings`, board, { noticeDays: 7 });
  const transfer = await call<{ id: string }>(baseURL, 'POST', `${o}/share-events`, accountant, {
    type: 'transfer',
    effectiveDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
    legs: [
      { shareholderId: holders.other, shareClass: 'BASIC', quantity: '-100' },
      { shareholderId: holders.me, shareClass: 'BASIC', quantity: '100' },
    ],
  });
  await call(baseURL, 'POST', `${o}/share-events/${transfer.id}/approve`, board);

  for (const [role, holder] of [['shareholder', holders.me], ['neighbour', holders.other]] as const)
    await call(baseURL, 'POST', '/users', admin, { username: u(role), password: PASSWORD, shareholderId: holder, grants: [{ orgId: org.id, role: 'shareholder' }] });
  return { orgId: org.id, password: PASSWORD, users: { shareholder: u('shareholder'), neighbour: u('neighbour'), accountant: u('accountant') }, holders, transferId: transfer.id };
}
