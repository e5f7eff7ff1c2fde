/** The world of the browser tests, created through the API (no shortcut into the database). */
export interface WebWorld {
  unionId: string;
  ledgerId: string;
  month: string;
  today: string;
  passwords: Record<string, string>;
}

export const password = (username: string) => `${username}-password-e2e`;

export async function call<T>(baseURL: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const login = async (baseURL: string, username: string, pw: string) =>
  (await call<{ accessToken: string }>(baseURL, 'POST', '/auth/login', null, { username, password: pw })).accessToken;

export async function seedBooks(baseURL: string): Promise<WebWorld> {
  const adminToken = await login(baseURL, 'admin', 'admin-password-e2e');
  const town = await call<{ id: string }>(baseURL, 'POST', '/orgs', adminToken, { code: '11441900MB2C00001M', name: '测试街道', kind: 'town' });
  const union = await call<{ id: string }>(baseURL, 'POST', '/orgs', adminToken, { code: 'N2441900MA0000001F', name: '上村股份经济联合社', kind: 'union', parentId: town.id });
  const people: [string, string, string][] = [
    ['accountant', 'accountant', union.id],
    ['reviewer', 'reviewer', union.id],
    ['board', 'board', union.id],
    ['shareholder', 'shareholder', union.id],
    ['auditor', 'auditor', town.id],
  ];
  for (const [username, role, orgId] of people) {
    await call(baseURL, 'POST', '/users', adminToken, { username, password: password(username), grants: [{ orgId, role }] });
  }
  const accountant = await login(baseURL, 'accountant', password('accountant'));
  // The month the console opens on (Shanghai's today): the ledger starts there.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const month = today.slice(0, 7);
  const ledger = await call<{ id: string }>(baseURL, 'POST', `/orgs/${union.id}/ledgers`, accountant, { name: '集体经济账', kind: 'collective', chart: '2023', startPeriod: month });
  await call(baseURL, 'POST', `/orgs/${union.id}/ledgers/${ledger.id}/opening-balances`, accountant, {
    lines: [
      { accountCode: '101', debit: '2000.00' },
      { accountCode: '102', debit: '98000.00' },
      { accountCode: '301', credit: '100000.00' },
    ],
  });
  return { unionId: union.id, ledgerId: ledger.id, month, today, passwords: Object.fromEntries(people.map(([u]) => [u, password(u)])) };
}
