import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { call, login } from './seed';

/**
 * The assets spec's own world, through the API: a town and 经联社 of its own, an accountant and an
 * auditor, a ledger from last month with the bank's opening balance, and one resource under a
 * signed contract (this year, 8,000.00 a month, +5 % a year). The cards are created in the browser
 * in last month (M), so this month is M+1, their first month of depreciation.
 */
export interface AssetsWorld {
  orgId: string;
  ledgerId: string;
  lastMonth: string;
  month: string;
  today: string;
  accountant: { username: string; password: string };
  auditor: { username: string; password: string };
  contractId: string;
}

const code = (body17: string) => body17 + creditCodeCheckChar(body17);

export async function seedAssets(baseURL: string): Promise<AssetsWorld> {
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('11441900MB2C00088'), name: '资产测试街道', kind: 'town' });
  const union = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('N2441900MA0000088'), name: '资产测试股份经济联合社', kind: 'union', parentId: town.id });
  const accountant = { username: 'assets.accountant', password: 'assets-accountant-e2e' };
  const auditor = { username: 'assets.auditor', password: 'assets-auditor-e2e' };
  await call(baseURL, 'POST', '/users', admin, { ...accountant, grants: [{ orgId: union.id, role: 'accountant' }] });
  await call(baseURL, 'POST', '/users', admin, { ...auditor, grants: [{ orgId: union.id, role: 'auditor' }] });
  const token = await login(baseURL, accountant.username, accountant.password);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const month = today.slice(0, 7);
  const [y, m] = month.split('-').map((x) => Number.parseInt(x, 10));
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const ledger = await call<{ id: string }>(baseURL, 'POST', `/orgs/${union.id}/ledgers`, token, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: lastMonth });
  await call(baseURL, 'POST', `/orgs/${union.id}/ledgers/${ledger.id}/opening-balances`, token, {
    lines: [
      { accountCode: '102', debit: '2000000.00' },
      { accountCode: '301', credit: '2000000.00' },
    ],
  });
  await call(baseURL, 'POST', `/orgs/${union.id}/resources`, token, {
    number: 'ZY-E2E-001',
    type: '耕地',
    name: '村东耕地',
    location: '村东片',
    boundaries: '东至河，南至机耕路，西至村道，北至林地',
    areaMu: '12.5',
    certificateNo: '粤（2024）东莞市不动产权第0000001号',
    currentUse: 'contracted_out',
  });
  const resources = await call<{ items: { id: string }[] }>(baseURL, 'GET', `/orgs/${union.id}/resources`, token);
  const year = today.slice(0, 4);
  const contract = await call<{ id: string }>(baseURL, 'POST', `/orgs/${union.id}/contracts`, token, {
    ledgerId: ledger.id,
    number: 'HT-E2E-001',
    title: '村东耕地承包合同',
    parties: [{ kind: 'person', name: '陈大文', idCode: '441900199002150022' }],
    objects: [{ resourceId: resources.items[0].id, description: '村东耕地 12.5 亩' }],
    startDate: `${year}-01-01`,
    endDate: `${Number(year) + 2}-12-31`,
    billingCycle: 'yearly',
    monthlyRent: '8000.00',
    escalationPercent: '5.00',
    escalationEveryYears: 1,
  });
  await call(baseURL, 'POST', `/orgs/${union.id}/contracts/${contract.id}/sign`, token, { signedOn: `${Number(year) - 1}-12-20` });
  return { orgId: union.id, ledgerId: ledger.id, lastMonth, month, today, accountant, auditor, contractId: contract.id };
}
