import { readFileSync } from 'node:fs';
import { devices, expect, test, type Page } from '@playwright/test';
import { pdfText } from '../test/support/pdf-text';
import { call, login } from './seed';
import { seedPortal, type PortalWorld } from './seed-portal';

/**
 * The shareholders' portal on a phone (issue 15): a shareholder logs in at /m/, sees their exact
 * holdings and their household's, the 2024 net dividend and its PDF statement, files an objection
 * to a transfer in its 公示; and their token gets nothing of another holder. Its own organization,
 * seeded through the API (SPEC §6's year).
 */
const { defaultBrowserType: _ignored, ...phone } = devices['Pixel 7'];
test.use({ ...phone });
test.describe.configure({ mode: 'serial' });

const baseURL = () => process.env.WEB_E2E_BASE_URL!;
// The phone's screen as the holder sees it (the tab bar stays fixed at the bottom).
const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });
let world: PortalWorld;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  world = await seedPortal(baseURL());
});

async function logIn(page: Page, username: string) {
  page.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
  await page.goto(`${baseURL()}/m/`);
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill(world.password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('a shareholder sees their holdings, the household’s, and the 2024 dividend with its PDF', async ({ page }) => {
  await page.goto(`${baseURL()}/m/`);
  await shot(page, 'portal-login');
  await logIn(page, world.users.shareholder);
  const mine = page.getByTestId('my-holdings');
  await expect(mine).toContainText('王小红（股东编号 0002）');
  await expect(mine.locator('.portal-row')).toHaveText(['基本股3,000 股', '劳龄股2,000 股']);
  await expect(page.getByTestId('household')).toContainText('户内成员（户号 H0001）王大明（户主）基本股4,000 股');
  await expect(page.getByText('李四')).toHaveCount(0);
  await shot(page, 'portal-holdings');

  await page.getByText('变动', { exact: true }).click();
  await expect(page.getByTestId('share-event')).toHaveCount(2);
  await expect(page.getByTestId('share-event').first()).toContainText('配股已生效生效日期2024年1月1日基本股增加 3,000 股劳龄股增加 2,000 股');
  await expect(page.getByTestId('share-event').last()).toContainText('转让公示中');

  await page.getByText('分红', { exact: true }).click();
  // No later year has a distribution: the page opens on the latest year that has one (2024).
  const statement = page.getByTestId('statement');
  await expect(statement.getByTestId('net')).toHaveText('960,000.00');
  await expect(statement).toContainText('应分红利1,200,000.00');
  await expect(statement).toContainText('代扣税款240,000.00');
  await expect(statement).toContainText('已发放960,000.00');
  await expect(statement).toContainText('大写：人民币玖拾陆万元整');
  await expect(statement).toContainText('折算股数合计4,000.0000');
  await shot(page, 'portal-dividends');

  const [file] = await Promise.all([page.waitForEvent('download'), statement.getByRole('button', { name: '下载对账单（PDF）' }).click()]);
  const pdf = readFileSync(await file.path());
  const text = await pdfText(pdf);
  expect(text).toContain('下村股份经济联合社\n2024年度股东分红对账单\n股东编号：0002 姓名：王小红 户号：H0001\n身份证号：441900********0022');
  expect(text).toContain('基本股 3,000.0000 1.0000 3,000.0000\n劳龄股 2,000.0000 0.5000 1,000.0000\n合计 4,000.0000');
  expect(text).toContain('应分红利 代扣税款 实分红利 暂缓发放 已发放\n1,200,000.00 240,000.00 960,000.00 0.00 960,000.00');
  expect(text).toContain('实分红利（大写）：人民币玖拾陆万元整');
  await renderPdf(page, pdf, 'statement-pdf');
});

test('a shareholder files an objection to a transfer in its 公示', async ({ page }) => {
  await logIn(page, world.users.shareholder);
  await page.getByText('异议', { exact: true }).click();
  const notice = page.getByTestId('event-notice');
  await expect(notice).toContainText('股权变动：转让');
  await expect(notice).toContainText('本人基本股增加 100 股');
  await shot(page, 'portal-objections');
  await notice.getByRole('button', { name: '提出异议' }).click();
  await page.getByPlaceholder('请写明异议理由').fill('转让协议未经本户商议');
  await page.getByRole('button', { name: '提交异议' }).click();
  await expect(page.getByText('异议已提交，公示暂停，等待理事会处理')).toBeVisible();
  await expect(page.getByText('目前没有正在公示的事项')).toBeVisible();
  const accountant = await login(baseURL(), world.users.accountant, world.password);
  const event = await call<{ status: string; objections: { reason: string }[] }>(baseURL(), 'GET', `/orgs/${world.orgId}/share-events/${world.transferId}`, accountant);
  expect([event.status, event.objections.map((o) => o.reason)]).toEqual(['pending', ['转让协议未经本户商议']]);
});

test('a shareholder’s token gets nothing of another holder', async () => {
  const token = await login(baseURL(), world.users.shareholder, world.password);
  const get = (path: string) => fetch(`${baseURL()}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const o = `/orgs/${world.orgId}`;
  for (const path of [`${o}/shareholders/${world.holders.other}`, `${o}/shareholders/${world.holders.other}/statements?year=2024`, `${o}/holdings?shareholderId=${world.holders.other}`, `${o}/shareholders`, `${o}/register?asOf=2024-12-31`, `${o}/share-events`]) {
    expect([path, (await get(path)).status]).toEqual([path, 403]);
  }
  // What the /me routes answer names the holder and their household, never the other household.
  for (const path of ['/me/holdings', '/me/holdings?asOf=2024-06-30', '/me/share-events', '/me/statements?year=2024', '/me/distribution-notices']) {
    const body = await (await get(path)).text();
    expect([path, body.includes(world.holders.other), body.includes('李四'), body.includes('H0002')]).toEqual([path, false, false, false]);
  }
  const asOf = (await (await get('/me/holdings?asOf=2023-12-31')).json()) as { items: { holdings: unknown[]; household: { members: { holdings: unknown[] }[] } }[] };
  expect([asOf.items[0].holdings, asOf.items[0].household.members[0].holdings]).toEqual([[], []]);
});

/** The PDF's first page drawn by pdf.js in this Chromium, as the screenshot of the statement. */
async function renderPdf(page: Page, pdf: Buffer, name: string) {
  const files: Record<string, string> = { 'pdf.mjs': 'node_modules/pdfjs-dist/build/pdf.mjs', 'pdf.worker.mjs': 'node_modules/pdfjs-dist/build/pdf.worker.mjs' };
  await page.route('**/__pdfjs/*', (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(files[route.request().url().split('/').pop()!]) }));
  await page.route('**/__pdf-preview', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body style="margin:0;background:#888"></body></html>' }));
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.goto(`${baseURL()}/__pdf-preview`);
  await page.evaluate(async (data) => {
    const pdfjs = await import(`${location.origin}/__pdfjs/pdf.mjs`);
    pdfjs.GlobalWorkerOptions.workerSrc = `${location.origin}/__pdfjs/pdf.worker.mjs`;
    const doc = await pdfjs.getDocument({ data: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) }).promise;
    const first = await doc.getPage(1);
    const viewport = first.getViewport({ scale: 794 / first.getViewport({ scale: 1 }).width });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    document.body.appendChild(canvas);
    await first.render({ canvasContext: canvas.getContext('2d')!, viewport }).promise;
  }, pdf.toString('base64'));
  await page.locator('canvas').screenshot({ path: `docs/screenshots/${name}.png` });
}
