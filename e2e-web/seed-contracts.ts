import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { idNumberCheckChar } from '../libs/core/src/validation/id-number';
import { call, login } from './seed';

/** The contracts spec's own world, through the API: a town and 经联社 of its own, an accountant, a ledger from this month, a trade with three bidders and their bids. */
export interface ContractsWorld {
  orgId: string;
  tradeId: string;
  month: string;
  today: string;
  username: string;
  password: string;
}

const code = (body17: string) => body17 + creditCodeCheckChar(body17);
const person = (first17: string) => first17 + idNumberCheckChar(first17);

export async function seedContracts(baseURL: string): Promise<ContractsWorld> {
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('11441900MB2C00077'), name: '合同测试街道', kind: 'town' });
  const union = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('N2441900MA0000077'), name: '合同测试股份经济联合社', kind: 'union', parentId: town.id });
  const username = 'contracts.accountant';
  const password = 'contracts-accountant-e2e';
  await call(baseURL, 'POST', '/users', admin, { username, password, grants: [{ orgId: union.id, role: 'accountant' }] });
  const token = await login(baseURL, username, password);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const month = today.slice(0, 7);
  await call(baseURL, 'POST', `/orgs/${union.id}/ledgers`, token, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: month });
  const trade = await call<{ id: string }>(baseURL, 'POST', `/orgs/${union.id}/trades`, token, {
    number: 'JY-E2E-001',
    title: '3 号厂房租赁权公开竞投',
    object: { description: '第三工业区 3 号厂房', area: '800.00' },
    reservePrice: '10000.00',
    increment: '200.00',
  });
  const bidders: { id: string; name: string }[] = [];
  for (const b of [
    { kind: 'person', name: '李四', idCode: person('44190019800101123') },
    { kind: 'person', name: '王五', idCode: person('44190019850615456') },
    { kind: 'company', name: '东莞市某某实业有限公司', idCode: code('91441900MA4W12345') },
  ]) {
    const t = await call<{ bidders: { id: string; name: string }[] }>(baseURL, 'POST', `/orgs/${union.id}/trades/${trade.id}/bidders`, token, b);
    bidders.push(t.bidders.find((x) => x.name === b.name)!);
  }
  for (const [i, amount] of [[0, '10000.00'], [1, '10200.00'], [2, '10600.00'], [0, '12000.00']] as const) {
    await call(baseURL, 'POST', `/orgs/${union.id}/trades/${trade.id}/bids`, token, { bidderId: bidders[i].id, amount });
  }
  return { orgId: union.id, tradeId: trade.id, month, today, username, password };
}
