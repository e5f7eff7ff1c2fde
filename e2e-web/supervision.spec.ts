import { expect, test, type Page } from '@playwright/test';
import { password } from './seed';
import { seedSupervision, type SupervisionWorld } from './seed-supervision';
import { baseURL, logInToConsole, shot } from './console-page';

/**
 * The console's 监管 area (issue 17), on a town of its own: the supervisor opens the town's dashboard,
 * sees the 经联社 red, drills down to its warnings and from the large cash payment to the voucher, and sets a
 * threshold from a date;
 * the accountant answers a member's objection to the January 财务公开 pack.
 */
let w: SupervisionWorld;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  w = await seedSupervision(baseURL());
});

async function logIn(page: Page, username: string) {
  await logInToConsole(page, username, password(username));
}

test('the supervisor sees the organization red on the town dashboard and drills down to the voucher, then sets a threshold', async ({ page }) => {
  await logIn(page, w.users.supervisor);
  await page.getByLabel('组织').click();
  await page.locator('.ant-select-item-option', { hasText: w.townName }).click();
  // A town keeps no books: its menu has the screens that look across its organizations only.
  await expect(page.getByRole('menuitem', { name: '凭证列表' })).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: '财务公开' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: '监管看板' }).click();
  const row = page.getByRole('row').filter({ hasText: w.orgName });
  await expect(row).toContainText('红 1');
  await expect(row).toContainText('黄 1');
  await expect(row).toContainText('集体经济账：2024-01');
  await expect(page.locator('.ant-select-dropdown')).toBeHidden(); // the switcher's list has faded out
  await shot(page, 'supervision-dashboard');

  await row.click();
  const warnings = page.getByRole('row').filter({ hasText: 'W4 大额现金支付' });
  await expect(page.getByRole('row').filter({ hasText: 'W1 库存现金超限额' })).toContainText('12,000.00');
  await expect(warnings).toContainText('8,000.00');
  await warnings.click();
  await page.getByRole('button', { name: '查看凭证' }).click();
  const voucher = page.getByTestId('warning-voucher');
  await expect(voucher).toContainText(w.cashVoucherMemo);
  // Each line's account with its name, from the ledger's chart.
  await expect(voucher.getByRole('row').filter({ hasText: '513 管理费用' })).toContainText('8,000.00');
  await expect(voucher.getByRole('row').filter({ hasText: '101 库存现金' })).toContainText('8,000.00');
  await shot(page, 'supervision-warning-voucher');

  await page.getByRole('button', { name: '确认知悉' }).click();
  await expect(page.locator('.ant-drawer').getByText('已确认')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-drawer-content')).toBeHidden();

  // The town's 预警阈值: a new cash limit from July on, listed after the one in force since January.
  await page.getByRole('menuitem', { name: '预警' }).click();
  await expect(page.getByText('2024-01-01 起：5,000.00 元')).toBeVisible();
  await page.getByLabel('阈值项目').click();
  await page.locator('.ant-select-item-option', { hasText: '库存现金限额' }).click();
  await page.getByLabel('阈值', { exact: true }).fill('6000');
  await page.getByLabel('生效日期').click();
  await page.keyboard.type('2024-07-01');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '设置' }).click();
  await expect(page.getByText('2024-07-01 起：6,000.00 元')).toBeVisible();
  await shot(page, 'supervision-thresholds');
});

test('a contract warning on the dashboard opens the contract in its organization’s 合同台账', async ({ page }) => {
  await logIn(page, w.users.supervisor);
  await page.getByLabel('组织').click();
  await page.locator('.ant-select-item-option', { hasText: w.townName }).click();
  await page.getByRole('menuitem', { name: '监管看板' }).click();
  const row = page.getByRole('row').filter({ hasText: w.coopName });
  await expect(row).toContainText('红 1');
  await row.click();
  const warning = page.getByRole('row').filter({ hasText: 'W8 合同到期' });
  await expect(warning).toContainText(`${w.contract.number} ${w.contract.title} 将于 ${w.contract.endDate} 到期，未续签`);
  await expect(warning).toContainText('30 天');
  await warning.click();
  await page.getByRole('button', { name: '查看合同' }).click();
  await expect(page).toHaveURL(/\/contracts\?open=/);
  await expect(page.locator('.ant-layout-header')).toContainText(w.coopName);
  await expect(page.locator('.ant-drawer-title')).toHaveText(`${w.contract.number} ${w.contract.title}`);
  await expect(page.locator('.ant-drawer')).toContainText(`2024-01-01 至 ${w.contract.endDate}`);
  await shot(page, 'supervision-warning-contract');
});

test('the accountant answers a member’s objection to the January pack', async ({ page }) => {
  await logIn(page, w.users.accountant);
  await page.getByRole('menuitem', { name: '财务公开' }).click();
  await expect(page.getByRole('row').filter({ hasText: '2024-01' }).first()).toContainText('第 1 版');
  const objection = page.getByRole('row').filter({ hasText: w.objectionText });
  await expect(objection).toContainText('第 2 笔收支');
  await objection.getByRole('button', { name: '答复' }).click();
  await page.getByLabel('答复内容').fill('是村道维修工程队的工钱，见理事会决议。');
  await page.getByRole('button', { name: '发送答复' }).click();
  await expect(page.getByText('没有待答复的异议')).toBeVisible();
  await page.getByText('全部', { exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: w.objectionText })).toContainText('是村道维修工程队的工钱');
  await shot(page, 'supervision-disclosure');
});
