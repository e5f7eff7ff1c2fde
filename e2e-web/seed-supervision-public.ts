import { randomBytes } from 'node:crypto';
import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { idNumberCheckChar } from '../libs/core/src/validation/id-number';
import { call, login, password } from './seed';

/**
 * A town of its own for supervision-public.spec.ts: one 经联社 with a 村级公共开支账 (a public ledger,
 * sub-accounts 51301 治安 and 51302 环卫) whose January 2024 is booked — 20,000.00 from the town,
 * 3,000.00 for 治安, 4,500.00 for 环卫 — and closed, so its 财务公开 pack is published; and a member
 * (股东 0001, with a login) of the 经联社. No budget yet: the accountant makes it in the console.
 */
export interface PublicWorld {
  orgName: string;
  orgId: string;
  ledgerId: string;
  users: { accountant: string; board: string; member: string };
}

export async function seedSupervisionPublic(baseURL: string): Promise<PublicWorld> {
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const tag = randomBytes(3).toString('hex');
  const digits = String(Number.parseInt(tag, 16) + 2_000_000).slice(-7);
  const code = (head: string) => `${head}${digits}${creditCodeCheckChar(`${head}${digits}`)}`;
  const orgName = `北村股份经济联合社${tag}`;
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('11441900MC'), name: `公开街道${tag}`, kind: 'town' });
  const org = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('N2441900MB'), name: orgName, kind: 'union', parentId: town.id });
  const users = { accountant: `pb-accountant-${tag}`, reviewer: `pb-reviewer-${tag}`, board: `pb-board-${tag}` };
  for (const [role, username] of Object.entries(users)) await call(baseURL, 'POST', '/users', admin, { username, password: password(username), grants: [{ orgId: org.id, role }] });
  const [accountant, reviewer] = await Promise.all([login(baseURL, users.accountant, password(users.accountant)), login(baseURL, users.reviewer, password(users.reviewer))]);

  const o = `/orgs/${org.id}`;
  const household = await call<{ id: string }>(baseURL, 'POST', `${o}/households`, accountant, { code: 'H0001' });
  const holder = await call<{ id: string }>(baseURL, 'POST', `${o}/shareholders`, accountant, { number: '0001', name: '陈美玲', idNumber: `44190019850615002${idNumberCheckChar('44190019850615002')}`, householdId: household.id, member: true });
  const member = `pb-member-${tag}`;
  await call(baseURL, 'POST', '/users', admin, { username: member, password: password(member), shareholderId: holder.id, grants: [{ orgId: org.id, role: 'shareholder' }] });

  const ledger = await call<{ id: string }>(baseURL, 'POST', `${o}/ledgers`, accountant, { name: '村级公共开支账', kind: 'public', chart: '2023', startPeriod: '2024-01' });
  const l = `${o}/ledgers/${ledger.id}`;
  await call(baseURL, 'POST', `${l}/accounts`, accountant, { code: '51301', name: '治安', parentCode: '513' });
  await call(baseURL, 'POST', `${l}/accounts`, accountant, { code: '51302', name: '环卫', parentCode: '513' });
  const vouchers = [
    { date: '2024-01-05', memo: '收到街道公共服务经费', lines: [{ accountCode: '102', debit: '20000.00' }, { accountCode: '503', credit: '20000.00' }] },
    { date: '2024-01-20', memo: '支付治安巡逻费', lines: [{ accountCode: '51301', debit: '3000.00' }, { accountCode: '102', credit: '3000.00' }] },
    { date: '2024-01-25', memo: '支付垃圾清运费', lines: [{ accountCode: '51302', debit: '4500.00' }, { accountCode: '102', credit: '4500.00' }] },
  ];
  for (const v of vouchers) {
    const draft = await call<{ id: string }>(baseURL, 'POST', `${l}/vouchers`, accountant, v);
    await call(baseURL, 'POST', `${l}/vouchers/${draft.id}/review`, reviewer);
    await call(baseURL, 'POST', `${l}/vouchers/${draft.id}/post`, accountant);
  }
  await call(baseURL, 'POST', `${l}/periods/2024-01/close`, accountant);
  return { orgName, orgId: org.id, ledgerId: ledger.id, users: { accountant: users.accountant, board: users.board, member } };
}
