import { expect, test } from '@playwright/test';
import { baseURL, logInToConsole, shot } from './console-page';
import { seedContracts, type ContractsWorld } from './seed-contracts';

/**
 * Contracts in the browser (issue 16): a trade with three bidders is closed (成交) and becomes a
 * draft contract, the accountant signs it, runs the month's accrual (the job's progress), records
 * a partial receipt, and the 账龄 changes from the month's rent to what is left.
 */
let w: ContractsWorld;

test.beforeAll(async () => {
  w = await seedContracts(baseURL());
});

const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) + 35, 0)).toISOString().slice(0, 10);

test('a trade becomes a contract; the month accrues; a receipt changes the aging', async ({ page }) => {
  await logInToConsole(page, w.username, w.password);

  // 资产交易: the highest bid (李四, 12,000.00) wins; 成交 creates the draft contract.
  await page.getByRole('menuitem', { name: '资产交易' }).click();
  await page.getByRole('cell', { name: 'JY-E2E-001' }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByText('12,000.00').first()).toBeVisible();
  await drawer.getByLabel('合同编号').fill('HT-E2E-001');
  await drawer.getByLabel('起始日').fill(`${w.month}-01`);
  await drawer.getByLabel('到期日').fill(lastDay(w.month));
  await shot(page, 'contracts-trade');
  await drawer.getByRole('button', { name: '成交并生成合同' }).click();
  await expect(drawer.getByText('已生成草拟合同')).toBeVisible();
  await drawer.locator('.ant-drawer-close').click();

  // 合同台账: sign it, run the month's accrual and watch the job finish.
  await page.getByRole('menuitem', { name: '合同台账' }).click();
  await expect(page.getByLabel('计提月份')).toBeVisible();
  await page.getByRole('cell', { name: 'HT-E2E-001', exact: true }).click();
  await page.locator('.ant-drawer').getByRole('button', { name: '签订生效' }).click();
  await expect(page.locator('.ant-drawer').getByText('履行中')).toBeVisible();
  await page.locator('.ant-drawer .ant-drawer-close').click();
  await page.getByLabel('计提月份').fill(w.month);
  await page.getByRole('button', { name: '计提本月租金' }).click();
  await expect(page.getByTestId('accrual-state')).toHaveText('已计提 1 份合同，合计 12,000.00 元');

  await page.getByRole('menuitem', { name: '租金账龄' }).click();
  await page.getByLabel('截止日期').fill(w.today);
  await expect(page.getByTestId('aging-total-total')).toHaveText('12,000.00');

  // A partial receipt: 5,000.00 of the month's 12,000.00.
  await page.getByRole('menuitem', { name: '合同台账' }).click();
  await expect(page.getByLabel('计提月份')).toBeVisible();
  await page.getByRole('cell', { name: 'HT-E2E-001', exact: true }).click();
  const detail = page.locator('.ant-drawer');
  await detail.getByLabel('收款日期').fill(w.today);
  await detail.getByLabel('收款金额').fill('5000');
  await detail.getByRole('button', { name: '登记收租' }).click();
  await expect(detail.getByText(`${w.month}-01 5,000.00`)).toBeVisible();
  await shot(page, 'contracts-detail');
  await detail.locator('.ant-drawer-close').click();

  await page.getByRole('menuitem', { name: '租金账龄' }).click();
  await page.getByLabel('截止日期').fill(w.today);
  await expect(page.getByTestId('aging-total-total')).toHaveText('7,000.00');
  await shot(page, 'contracts-aging');
});
