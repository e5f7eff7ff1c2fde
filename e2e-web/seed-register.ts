import { randomInt } from 'node:crypto';
import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { idNumberCheckChar } from '../libs/core/src/validation/id-number';
import { call, login } from './seed';

/**
 * The register spec's own organization, made through the API as its people would: a 经联社 with
 * an accountant, a reviewer, a board member and a cashier; last year's books (60,000.00 of 经营收入,
 * the year closed); two share classes (基本股 inheritable, 劳龄股 not); four shareholders given their
 * shares at the start of last year; 0001 陈大文 recorded as deceased today.
 */
export interface RegisterWorld {
  orgId: string;
  ledgerId: string;
  fiscalYear: number;
  today: string;
  users: Record<'accountant' | 'reviewer' | 'board' | 'cashier', string>;
  password: string;
  holders: Record<string, string>;
}


const creditCode = (prefix: string, n: number) => {
  const first17 = `${prefix}${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};

const idNumber = (n: number) => {
  const first17 = `44190019${60 + n}0101${String(100 + n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};

export async function seedRegister(baseURL: string): Promise<RegisterWorld> {
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const tag = randomInt(1_000_000, 9_999_999);
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: creditCode('11441900MB', tag), name: '股权测试街道', kind: 'town' });
  const org = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: creditCode('N2441900MA', tag), name: '下村股份经济联合社', kind: 'union', parentId: town.id });
  const password = 'register-password-e2e';
  const users = { accountant: `reg-acc-${tag}`, reviewer: `reg-rev-${tag}`, board: `reg-board-${tag}`, cashier: `reg-cash-${tag}` };
  for (const [role, username] of Object.entries(users)) await call(baseURL, 'POST', '/users', admin, { username, password, grants: [{ orgId: org.id, role }] });
  const [acc, rev, board] = await Promise.all([login(baseURL, users.accountant, password), login(baseURL, users.reviewer, password), login(baseURL, users.board, password)]);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const fiscalYear = Number(today.slice(0, 4)) - 1;
  await call(baseURL, 'PATCH', `/orgs/${org.id}/settings`, board, { noticeDays: 0, minReservePercent: '10.00' });

  // Last year's books: 60,000.00 of income, the year closed (the distribution posts after it).
  const ledger = await call<{ id: string }>(baseURL, 'POST', `/orgs/${org.id}/ledgers`, acc, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: `${fiscalYear}-01` });
  const books = `/orgs/${org.id}/ledgers/${ledger.id}`;
  await call(baseURL, 'POST', `${books}/opening-balances`, acc, { lines: [{ accountCode: '102', debit: '100000.00' }, { accountCode: '301', credit: '100000.00' }] });
  const v = await call<{ id: string }>(baseURL, 'POST', `${books}/vouchers`, acc, { date: `${fiscalYear}-03-15`, memo: '收到厂房租金', lines: [{ accountCode: '102', debit: '60000.00' }, { accountCode: '501', credit: '60000.00' }] });
  await call(baseURL, 'POST', `${books}/vouchers/${v.id}/review`, rev);
  await call(baseURL, 'POST', `${books}/vouchers/${v.id}/post`, acc);
  await call(baseURL, 'POST', `${books}/years/${fiscalYear}/close`, acc);

  // The register: 基本股 (weight 1, inheritable) and 劳龄股 (weight 0.5, to the collective on death).
  const base = `/orgs/${org.id}`;
  await call(baseURL, 'POST', `${base}/share-classes`, acc, { code: 'BASIC', name: '基本股', weight: '1', transferable: true, giftable: true, inheritable: true });
  await call(baseURL, 'POST', `${base}/share-classes`, acc, { code: 'LABOR', name: '劳龄股', weight: '0.5', transferable: false, giftable: false, inheritable: false, nonInheritableTo: 'collective' });
  const h1 = await call<{ id: string }>(baseURL, 'POST', `${base}/households`, acc, { code: 'H001', address: '下村一巷1号' });
  const h2 = await call<{ id: string }>(baseURL, 'POST', `${base}/households`, acc, { code: 'H002', address: '下村二巷8号' });
  const people: [string, string, string][] = [
    ['0001', '陈大文', h1.id],
    ['0002', '陈小明', h1.id],
    ['0003', '陈小红', h1.id],
    ['0004', '李四', h2.id],
  ];
  const holders: Record<string, string> = {};
  for (const [i, [number, name, householdId]] of people.entries()) {
    holders[number] = (await call<{ id: string }>(baseURL, 'POST', `${base}/shareholders`, acc, { number, name, idNumber: idNumber(i + 1), householdId, member: true, bankAccount: `62220202001122${30 + i}` })).id;
  }
  const initial = await call<{ id: string }>(baseURL, 'POST', `${base}/share-events`, acc, {
    type: 'initial_allocation',
    effectiveDate: `${fiscalYear}-01-01`,
    documents: ['股改配股方案'],
    legs: [
      { shareholderId: holders['0001'], shareClass: 'BASIC', quantity: '100' },
      { shareholderId: holders['0001'], shareClass: 'LABOR', quantity: '10' },
      { shareholderId: holders['0002'], shareClass: 'BASIC', quantity: '50' },
      { shareholderId: holders['0003'], shareClass: 'BASIC', quantity: '50' },
      { shareholderId: holders['0004'], shareClass: 'BASIC', quantity: '200' },
    ],
  });
  await call(baseURL, 'POST', `${base}/share-events/${initial.id}/approve`, board);
  await call(baseURL, 'POST', `${base}/share-events/${initial.id}/finalize`, board);
  await call(baseURL, 'PATCH', `${base}/shareholders/${holders['0001']}`, acc, { status: 'deceased', deceasedOn: today });
  return { orgId: org.id, ledgerId: ledger.id, fiscalYear, today, users, password, holders };
}
