import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { baseURL, logInToConsole, shot } from './console-page';
import { call, login } from './seed';
import { seedAssets, type AssetsWorld } from './seed-assets';

/**
 * Fixed assets in the browser (issue 16): the accountant enters a workshop of 1,200,000.00 (5 %
 * salvage, 20 years) and a 工作量法 tractor (300,000.00, 5 %, 10,000 hours), both in service last
 * month; enters this month's 120.5 hours of the tractor (285,000.00 × 120.5 ÷ 10,000 = 3,434.25
 * as the server computes it); runs the month through the queue (4,750.00 +
 * 3,434.25 = 8,184.25 and its voucher), downloads 固定资产台账 CSV, and disposes of the workshop for
 * 1,200,000.00: net value 1,195,250.00, so a net gain of 4,750.00 to 504. The resource shows its
 * contract. An auditor sees it all, changes nothing.
 */
let w: AssetsWorld;

// One journey in steps, each on the state the one before left (the machine is shared: a minute a step).
test.describe.configure({ mode: 'serial', timeout: 60_000 });

test.beforeAll(async () => {
  w = await seedAssets(baseURL());
});

/** A drawer is shot once it has slid in, as the viewport shows it (a full-page shot cuts a fixed drawer at the fold). */
const drawerShot = async (page: Page, name: string) => {
  await expect(page.locator('[class*="drawer-panel-motion"], [class*="drawer-mask-motion"]')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
};

/** A screen shot whole once its toasts are gone and its transitions finished (a button just enabled would look disabled). */
const still = async (page: Page, name: string) => {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true, animations: 'disabled' });
};

test('two cards are entered, one 工作量法; the tractor gets its hours; the month runs through the queue to the exact amount', async ({ page }) => {
  await logInToConsole(page, w.accountant.username, w.accountant.password);

  // 新增卡片: posted Dr 151 / Cr 102 on its in-service date.
  await page.getByRole('menuitem', { name: '固定资产' }).click();
  await page.getByRole('button', { name: '新增卡片' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('卡片编号').fill('GZ-E2E-001');
  await form.getByLabel('资产名称').fill('一号厂房');
  await form.getByLabel('类别').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '房屋建筑物（20 年）' }).click();
  await expect(form.getByLabel('使用年限（月）')).toHaveValue('240');
  await form.getByLabel('坐落').fill('村东工业区');
  await form.getByLabel('原值（元）').fill('1,200,000.00');
  await form.getByLabel('残值率（%）').fill('5');
  await form.getByLabel('启用日期').fill(`${w.lastMonth}-15`);
  await form.getByRole('button', { name: '保存并入账' }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByText('4,750.00').first()).toBeVisible();
  await expect(drawer.getByRole('link', { name: /^记-\d{4}$/ })).toBeVisible();
  await drawer.locator('.ant-drawer-close').click();

  // A 工作量法 card: a tractor of 300,000.00 (5 % salvage) over 10,000 hours.
  await page.getByRole('button', { name: '新增卡片' }).click();
  const units = page.getByRole('dialog');
  await units.getByLabel('卡片编号').fill('JX-E2E-001');
  await units.getByLabel('资产名称').fill('东方红拖拉机');
  await units.getByLabel('类别').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '机器设备（10 年）' }).click();
  await units.getByLabel('原值（元）').fill('300000');
  await units.getByLabel('启用日期').fill(`${w.lastMonth}-10`);
  await units.getByLabel('折旧方法').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '工作量法' }).click();
  await units.getByLabel('预计总工作量（如台时、公里）').fill('10,000');
  await units.getByRole('button', { name: '保存并入账' }).click();
  await expect(drawer.getByTestId('card-units')).toHaveText('已用 0 / 预计总工作量 10,000');
  await drawer.locator('.ant-drawer-close').click();

  // 计提折旧: this month (the cards' M+1); the tractor needs its hours, the server computes the amount.
  await page.getByRole('menuitem', { name: '计提折旧' }).click();
  await expect(page.getByLabel('计提月份')).toHaveValue(w.month);
  await expect(page.getByTestId('preview-total')).toHaveText(`${w.month} 试算：1 张卡片，合计 4,750.00 元`);
  await expect(page.getByText('工作量法卡片 JX-E2E-001 未填本月工作量')).toBeVisible();
  await page.getByLabel('JX-E2E-001 本月工作量').fill('120.5');
  await expect(page.getByRole('button', { name: '计提折旧' })).toBeDisabled();
  await page.getByRole('button', { name: '试算' }).click();
  await expect(page.getByTestId('preview-amount-JX-E2E-001')).toHaveText('3,434.25');
  await expect(page.getByTestId('preview-total')).toHaveText(`${w.month} 试算：2 张卡片，合计 8,184.25 元`);
  await expect(page.getByRole('button', { name: '计提折旧' })).toBeEnabled();
  await still(page, 'assets-workload');
  await page.getByRole('button', { name: '计提折旧' }).click();
  await expect(page.getByTestId('depreciation-state')).toHaveText(`已计提 ${w.month}：2 张卡片，合计 8,184.25 元，凭证`);
  const voucher = page.getByTestId('depreciation-voucher').getByRole('link');
  await expect(voucher).toHaveText(/^记-\d{4}$/);
  const number = (await voucher.textContent())!;
  await still(page, 'assets-depreciation');
  await voucher.click();
  await expect(page.locator('.ant-drawer-title')).toHaveText(`${number}\u3000计提${w.month}固定资产折旧`);
  await page.locator('.ant-drawer-close').click();
});

test('the 台账 CSV lists the card, which is disposed with a gain', async ({ page }) => {
  await logInToConsole(page, w.accountant.username, w.accountant.password);

  // 固定资产台账 on screen and as CSV.
  await page.getByRole('menuitem', { name: '台账与折旧明细' }).click();
  await expect(page.getByTestId('register-total-netValue')).toHaveText('1,491,815.75');
  await shot(page, 'assets-register');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载台账 CSV' }).click()]);
  const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  expect(csv[0]).toBe('卡片编号,资产名称,类别,坐落,启用日期,原值,累计折旧,净值,状态');
  expect(csv.find((l) => l.startsWith('GZ-E2E-001'))).toBe(`GZ-E2E-001,一号厂房,房屋建筑物,村东工业区,${w.lastMonth}-15,1200000.00,4750.00,1195250.00,in_use`);

  // 处置 for 1,200,000.00: gain 1,200,000.00 − 1,195,250.00 = 4,750.00 to 504.
  await page.getByRole('menuitem', { name: '固定资产' }).click();
  await expect(page.getByRole('button', { name: '新增卡片' })).toBeVisible(); // the 台账 behind has the card's cell too
  await page.getByRole('cell', { name: 'GZ-E2E-001' }).click();
  await page.locator('.ant-drawer').getByRole('button', { name: '处置' }).click();
  const dispose = page.getByRole('dialog', { name: /处置 GZ-E2E-001/ });
  await dispose.getByLabel('处置收入（元）').fill('1200000');
  await dispose.getByLabel('处置原因').fill('厂房整体转让');
  await dispose.getByRole('button', { name: '确认处置' }).click();
  await expect(page.getByTestId('disposal-result')).toHaveText('处置净收益 4,750.00 元，转入 504 其他收入');
  await expect(page.getByTestId('card-net-value')).toHaveText('1,195,250.00');
  await expect(page.locator('.ant-drawer').getByText('已处置').first()).toBeVisible();
  await expect(page.locator('.ant-drawer').getByRole('link', { name: /^记-\d{4}$/ })).toHaveCount(3);
  await drawerShot(page, 'assets-card');
});

test('a link opens the tractor\'s card; the resource shows its contract', async ({ page }) => {
  await logInToConsole(page, w.accountant.username, w.accountant.password);

  // A link to /fixed-assets?open=<card> opens the tractor: its hours and this month's 3,434.25.
  const token = await login(baseURL(), w.accountant.username, w.accountant.password);
  const cards = await call<{ items: { id: string; cardNo: string }[] }>(baseURL(), 'GET', `/orgs/${w.orgId}/ledgers/${w.ledgerId}/assets`, token);
  await page.goto(`${baseURL()}/fixed-assets?open=${cards.items.find((c) => c.cardNo === 'JX-E2E-001')!.id}`);
  const tractor = page.locator('.ant-drawer');
  await expect(tractor.getByTestId('card-units')).toHaveText('已用 120.5 / 预计总工作量 10,000');
  await expect(tractor.getByTestId('card-accumulated')).toHaveText('3,434.25');
  await expect(tractor.getByRole('row', { name: new RegExp(`${w.month} 120\\.5 3,434\\.25 3,434\\.25`) })).toBeVisible();
  await tractor.locator('.ant-drawer-close').click();
  await expect(page).toHaveURL(/\/fixed-assets$/);

  // 资源台账: the resource's current use and contract (tenant, term, this month's rent), linking to 合同.
  await page.getByRole('menuitem', { name: '资源台账' }).click();
  const row = page.getByRole('row', { name: /ZY-E2E-001/ });
  await expect(row).toContainText('发包');
  await expect(row.getByRole('link', { name: 'HT-E2E-001' })).toHaveAttribute('href', `/contracts?open=${w.contractId}`);
  await expect(row).toContainText('陈大文');
  await page.getByRole('cell', { name: 'ZY-E2E-001' }).click();
  const resource = page.locator('.ant-drawer');
  await expect(resource.getByText('东至河，南至机耕路，西至村道，北至林地')).toBeVisible();
  await expect(resource.getByTestId('resource-contract')).toHaveText('HT-E2E-001 村东耕地承包合同（履行中）');
  await expect(resource.getByTestId('resource-rent')).toHaveText('8,000.00');
  await expect(resource.getByText(`${w.today.slice(0, 4)}-01-01 至 ${Number(w.today.slice(0, 4)) + 2}-12-31`)).toBeVisible();
  await drawerShot(page, 'assets-resources');
});

test('an auditor reads the cards and runs, with no button that writes', async ({ page }) => {
  await logInToConsole(page, w.auditor.username, w.auditor.password);
  await page.getByRole('menuitem', { name: '固定资产' }).click();
  await expect(page.getByRole('cell', { name: 'GZ-E2E-001' })).toBeVisible();
  await expect(page.getByRole('button', { name: '新增卡片' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: '计提折旧' }).click();
  await expect(page.getByRole('cell', { name: w.month })).toBeVisible();
  await expect(page.getByLabel('计提月份')).toHaveCount(0);
});
