import { randomBytes } from 'node:crypto';
import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { idNumberCheckChar } from '../libs/core/src/validation/id-number';
import { call, login, password } from './seed';

/**
 * A town of its own for supervision.spec.ts: one 经联社 whose January 2024 cash went over the town's
 * limit (W1, red) and paid 8,000.00 in cash in one voucher (W4, yellow); January closed, so its
 * 财务公开 pack is published, and a member's objection on its second line waits for an answer. Beneath
 * it a 经济社 whose lease ends within 30 days (W8, red, with the town's contract thresholds).
 */
export interface SupervisionWorld {
  townName: string;
  orgName: string;
  orgId: string;
  ledgerId: string;
  users: { supervisor: string; accountant: string };
  cashVoucherMemo: string;
  objectionText: string;
  coopName: string;
  contract: { number: string; title: string; endDate: string };
}

export async function seedSupervision(baseURL: string): Promise<SupervisionWorld> {
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const tag = randomBytes(3).toString('hex');
  const digits = String(Number.parseInt(tag, 16) + 1_000_000).slice(-7);
  const code = (head: string) => `${head}${digits}${creditCodeCheckChar(`${head}${digits}`)}`;
  const townName = `监管街道${tag}`;
  const orgName = `南村股份经济联合社${tag}`;
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('11441900MB'), name: townName, kind: 'town' });
  const org = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('N2441900MA'), name: orgName, kind: 'union', parentId: town.id });
  const coopName = `南村第一股份经济合作社${tag}`;
  const coop = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('N2441900MD'), name: coopName, kind: 'cooperative', parentId: org.id });
  const users = { supervisor: `sv-supervisor-${tag}`, accountant: `sv-accountant-${tag}`, reviewer: `sv-reviewer-${tag}`, member: `sv-member-${tag}`, coopAccountant: `sv-coop-accountant-${tag}` };
  const grants: Record<keyof typeof users, { orgId: string; role: string }> = {
    supervisor: { orgId: town.id, role: 'supervisor' },
    accountant: { orgId: org.id, role: 'accountant' },
    coopAccountant: { orgId: coop.id, role: 'accountant' },
    reviewer: { orgId: org.id, role: 'reviewer' },
    member: { orgId: org.id, role: 'shareholder' },
  };
  for (const [key, username] of Object.entries(users) as [keyof typeof users, string][]) {
    await call(baseURL, 'POST', '/users', admin, { username, password: password(username), grants: [grants[key]] });
  }
  const [supervisor, accountant, reviewer, member, coopAccountant] = await Promise.all(Object.values(users).map((u) => login(baseURL, u, password(u))));

  await call(baseURL, 'POST', `/orgs/${town.id}/warning-thresholds`, supervisor, { param: 'cash_limit', value: '5000.00', effectiveFrom: '2024-01-01' });
  await call(baseURL, 'POST', `/orgs/${town.id}/warning-thresholds`, supervisor, { param: 'large_cash_payment', value: '3000.00', effectiveFrom: '2024-01-01' });

  const o = `/orgs/${org.id}`;
  const ledger = await call<{ id: string }>(baseURL, 'POST', `${o}/ledgers`, accountant, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: '2024-01' });
  const l = `${o}/ledgers/${ledger.id}`;
  await call(baseURL, 'POST', `${l}/opening-balances`, accountant, { lines: [{ accountCode: '101', debit: '2000.00' }, { accountCode: '102', debit: '98000.00' }, { accountCode: '301', credit: '100000.00' }] });
  const cashVoucherMemo = '现金支付村道维修费';
  const vouchers = [
    { date: '2024-01-10', memo: '从银行提取现金', lines: [{ accountCode: '101', debit: '10000.00' }, { accountCode: '102', credit: '10000.00' }] },
    { date: '2024-01-11', memo: cashVoucherMemo, lines: [{ accountCode: '513', debit: '8000.00' }, { accountCode: '101', credit: '8000.00' }] },
  ];
  for (const v of vouchers) {
    const draft = await call<{ id: string }>(baseURL, 'POST', `${l}/vouchers`, accountant, v);
    await call(baseURL, 'POST', `${l}/vouchers/${draft.id}/review`, reviewer);
    await call(baseURL, 'POST', `${l}/vouchers/${draft.id}/post`, accountant);
  }
  await call(baseURL, 'POST', `${o}/warnings/evaluate`, supervisor, { year: '2024' });

  // January closed: its 财务公开 pack is published; a member asks about the cash payment.
  await call(baseURL, 'POST', `${l}/periods/2024-01/close`, accountant);
  const packs = await call<{ items: { id: string }[] }>(baseURL, 'GET', `${o}/disclosure-packs`, member);
  const objectionText = '这笔八千元的维修费是给谁的？';
  await call(baseURL, 'POST', `${o}/disclosure-packs/${packs.items[0].id}/objections`, member, { lineRef: 'lines:1', text: objectionText });

  // The 经济社's lease on a ledger from this month (so no past month is due to close), ending this month (a term is whole months).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const endDate = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);
  for (const [param, value] of [['contract_expiry_days', '60.00'], ['contract_expiry_red_days', '30.00']]) {
    await call(baseURL, 'POST', `/orgs/${town.id}/warning-thresholds`, supervisor, { param, value, effectiveFrom: '2023-01-01' });
  }
  const c = `/orgs/${coop.id}`;
  const coopLedger = await call<{ id: string }>(baseURL, 'POST', `${c}/ledgers`, coopAccountant, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: today.slice(0, 7) });
  const contract = { number: 'HT-SV-001', title: '鱼塘承包合同', endDate };
  const created = await call<{ id: string }>(baseURL, 'POST', `${c}/contracts`, coopAccountant, {
    ledgerId: coopLedger.id,
    number: contract.number,
    title: contract.title,
    parties: [{ kind: 'person', name: '黄国良', idCode: `44190019700312001${idNumberCheckChar('44190019700312001')}` }],
    objects: [{ description: '南村鱼塘', area: '3000.00' }],
    startDate: '2024-01-01',
    endDate,
    billingCycle: 'monthly',
    monthlyRent: '2000.00',
  });
  await call(baseURL, 'POST', `${c}/contracts/${created.id}/sign`, coopAccountant, { signedOn: '2023-12-20' });
  await call(baseURL, 'POST', `${c}/warnings/evaluate`, supervisor, { year: today.slice(0, 4) });
  return { coopName, contract, townName, orgName, orgId: org.id, ledgerId: ledger.id, users: { supervisor: users.supervisor, accountant: users.accountant }, cashVoucherMemo, objectionText };
}
