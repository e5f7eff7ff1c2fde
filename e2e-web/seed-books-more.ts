import { randomBytes } from 'node:crypto';
import { creditCodeCheckChar } from '../libs/core/src/validation/credit-code';
import { call, login, password } from './seed';

/** A 经联社 of its own for books-more.spec.ts: users, a ledger starting this month, one household with one shareholder. */
export interface BooksMoreWorld {
  orgName: string;
  orgId: string;
  ledgerId: string;
  month: string;
  /** The ledger's first month, before this one (never a December: a closed December is a closed year). */
  startPeriod: string;
  today: string;
  users: { accountant: string; reviewer: string; board: string };
  shareholder: { id: string; name: string; number: string };
  household: { id: string; code: string };
}

export async function seedBooksMore(baseURL: string): Promise<BooksMoreWorld> {
  const admin = await login(baseURL, 'admin', 'admin-password-e2e');
  const tag = randomBytes(3).toString('hex');
  const orgName = `下村股份经济合作社${tag}`;
  const digits = String(Number.parseInt(tag, 16)).padStart(7, '0').slice(-7);
  const code = (head: string) => `${head}${digits}${creditCodeCheckChar(`${head}${digits}`)}`;
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('11441900MB'), name: `下村街道${tag}`, kind: 'town' });
  const org = await call<{ id: string }>(baseURL, 'POST', '/orgs', admin, { code: code('N2441900MA'), name: orgName, kind: 'union', parentId: town.id });
  const users = { accountant: `bm-accountant-${tag}`, reviewer: `bm-reviewer-${tag}`, board: `bm-board-${tag}` };
  for (const [role, username] of Object.entries(users)) await call(baseURL, 'POST', '/users', admin, { username, password: password(username), grants: [{ orgId: org.id, role }] });
  const accountant = await login(baseURL, users.accountant, password(users.accountant));
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const month = today.slice(0, 7);
  const back = (period: string) => {
    const [y, m] = period.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };
  const startPeriod = back(month).endsWith('-12') ? back(back(month)) : back(month);
  const ledger = await call<{ id: string }>(baseURL, 'POST', `/orgs/${org.id}/ledgers`, accountant, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod });
  const household = await call<{ id: string; code: string }>(baseURL, 'POST', `/orgs/${org.id}/households`, accountant, { code: 'H0007', address: '下村东街 7 号' });
  const shareholder = await call<{ id: string; name: string; number: string }>(baseURL, 'POST', `/orgs/${org.id}/shareholders`, accountant, {
    number: '0007',
    name: '李秀英',
    idNumber: '441900198001011237',
    householdId: household.id,
    member: true,
  });
  return { orgName, orgId: org.id, ledgerId: ledger.id, month, startPeriod, today, users, shareholder: { id: shareholder.id, name: shareholder.name, number: shareholder.number }, household: { id: household.id, code: household.code } };
}

/** A voucher reviewed and posted through the API (the list screen's flow is console.spec.ts's). */
export async function reviewAndPost(baseURL: string, w: BooksMoreWorld, voucherId: string): Promise<void> {
  const reviewer = await login(baseURL, w.users.reviewer, password(w.users.reviewer));
  const accountant = await login(baseURL, w.users.accountant, password(w.users.accountant));
  const path = `/orgs/${w.orgId}/ledgers/${w.ledgerId}/vouchers/${voucherId}`;
  await call(baseURL, 'POST', `${path}/review`, reviewer);
  await call(baseURL, 'POST', `${path}/post`, accountant);
}

export async function listVouchers(baseURL: string, w: BooksMoreWorld): Promise<{ id: string; memo: string; status: string }[]> {
  const accountant = await login(baseURL, w.users.accountant, password(w.users.accountant));
  return (await call<{ items: { id: string; memo: string; status: string }[] }>(baseURL, 'GET', `/orgs/${w.orgId}/ledgers/${w.ledgerId}/vouchers?limit=100`, accountant)).items;
}
