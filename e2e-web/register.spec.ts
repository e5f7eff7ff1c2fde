import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { seedRegister, type RegisterWorld } from './seed-register';
import { baseURL, logInToConsole, shot } from './console-page';

/**
 * 股权 and 分红 in the console (issue 15), on an organization of this spec's own: the accountant
 * enters an inheritance (the heirs' exact quantities shown before submitting), the board approves
 * and finalizes it and the 股东名册 shows the result; a distribution plan is made with its guard
 * rails shown live, calculated with a progress bar reaching 100 %, published, approved by the
 * board, posted by the accountant and paid by the cashier from the bank's 代发 file.
 */
let w: RegisterWorld;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  w = await seedRegister(baseURL());
});

async function logIn(page: Page, who: keyof RegisterWorld['users']) {
  await logInToConsole(page, w.users[who], w.password);
}

/** Picks a holder in a ShareholderPicker by typing the number. */
async function pick(page: Page, label: string, number: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByLabel(label, { exact: true }).fill(number);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: number }).first().click();
}

test('the board approves an inheritance entered by the accountant and finalizes it', async ({ page }) => {
  await logIn(page, 'accountant');
  await page.getByRole('menuitem', { name: '股权变动' }).click();
  await page.getByLabel('申请变动').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '继承' }).click();
  const form = page.getByRole('dialog');
  await pick(page, '被继承人', '0001');
  await pick(page, '继承人1', '0002');
  await form.getByLabel('继承人1份额').fill('1/3');
  await pick(page, '继承人2', '0003');
  await form.getByLabel('继承人2份额').fill('2/3');
  // Before submitting: each heir's exact quantity; 劳龄股 is not inheritable and goes to the collective.
  const preview = form.getByRole('table', { name: '继承预览' }).or(form.locator('[aria-label="继承预览"]'));
  await expect(preview.locator('tr', { hasText: '基本股' })).toContainText('100.0000');
  await expect(preview.locator('tr', { hasText: '基本股' })).toContainText('33.3333');
  await expect(preview.locator('tr', { hasText: '基本股' })).toContainText('66.6667');
  await expect(preview.locator('tr', { hasText: '劳龄股' })).toContainText('归集体股');
  await form.getByLabel('证明材料').fill('死亡证明 2026-001\n继承公证书 (2026) 粤莞证字第 12 号');
  await shot(page, 'share-inheritance');
  await form.getByRole('button', { name: '提交申请' }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByLabel('变动状态')).toHaveText('待审批');
  // The accountant who applied is not offered the board's approval.
  await expect(drawer.getByRole('button', { name: '批准并公示' })).toHaveCount(0);

  await logIn(page, 'board');
  await page.getByRole('menuitem', { name: '股权变动' }).click();
  await page.getByRole('row', { name: /继承/ }).getByRole('button', { name: '查看' }).click();
  await drawer.getByRole('button', { name: '批准并公示' }).click();
  await expect(drawer.getByLabel('变动状态')).toHaveText('公示中');
  await expect(drawer.getByText(w.today).first()).toBeVisible();
  await drawer.getByRole('button', { name: '确认生效' }).click();
  await expect(drawer.getByLabel('变动状态')).toHaveText('已生效');
  const legs = drawer.locator('[aria-label="股份变动"]');
  await expect(legs.locator('tr', { hasText: '0002 陈小明' })).toContainText('33.3333');
  await expect(legs.locator('tr', { hasText: '0003 陈小红' })).toContainText('66.6667');
  await expect(legs.locator('tr', { hasText: '0001 陈大文' }).first()).toContainText('-100.0000');
  await shot(page, 'share-event');
  await page.keyboard.press('Escape');

  await page.getByRole('menuitem', { name: '股东名册' }).click();
  const register = page.locator('[aria-label="股东名册"]');
  await expect(register).toContainText(/0002\s*陈小明\s*441900\*{8}1021\s*H001\s*是\s*83\.3333\s*0\.0000/);
  await expect(register).toContainText(/0003\s*陈小红\s*441900\*{8}1037\s*H001\s*是\s*116\.6667/);
  await expect(register).not.toContainText('陈大文');
  await expect(page.getByLabel('名册合计')).toHaveText('410.0000');
  await shot(page, 'register');
});

test('a distribution is calculated with the progress bar reaching 100 %, approved, posted and paid', async ({ page }) => {
  await logIn(page, 'accountant');
  await page.getByRole('menuitem', { name: '分配方案' }).click();
  await page.getByRole('button', { name: '新建分配方案' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('年度').fill(String(w.fiscalYear));
  await form.getByLabel('公积公益金比例').fill('10');
  await form.getByLabel('代扣税率').fill('20');
  // The guard rails as it is typed: 60,000.00 − 10 % = 54,000.00 distributable.
  await expect(form.getByLabel('可分配收益')).toHaveText('54,000.00');
  await form.getByRole('textbox', { name: '分配总额' }).fill('60000');
  await expect(form.getByText('超过可分配收益 54,000.00')).toBeVisible();
  await expect(form.getByLabel('越过限额的理由')).toBeVisible();
  await form.getByRole('textbox', { name: '分配总额' }).fill('40500');
  await expect(form.getByText('在限额之内')).toBeVisible();
  await shot(page, 'distribution-plan');
  await form.getByRole('button', { name: '保存方案' }).click();

  await page.getByRole('button', { name: '计算分配' }).click();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100', { timeout: 20_000 });
  await expect(page.getByText('计算完成：4 名股东，应分合计 40,500.00 元')).toBeVisible();
  // 405 weighted units (劳龄股 at 0.5): 100.00 each; 20 % tax withheld.
  const allocations = page.locator('[aria-label="分配明细"]');
  await expect(allocations.locator('tr', { hasText: '0001 陈大文' })).toContainText('10,500.00');
  await expect(allocations.locator('tr', { hasText: '0001 陈大文' })).toContainText('8,400.00');
  await expect(allocations.locator('tr', { hasText: '0004 李四' })).toContainText('20,000.00');
  await shot(page, 'distribution-calculated');
  await page.getByRole('button', { name: '公示方案' }).click();
  await expect(page.getByLabel('方案状态')).toHaveText('公示中');

  await logIn(page, 'board');
  await page.getByRole('menuitem', { name: '分配方案' }).click();
  await page.getByRole('button', { name: `打开${w.fiscalYear}年度方案` }).click();
  await page.getByRole('button', { name: '批准方案' }).click();
  await expect(page.getByLabel('方案状态')).toHaveText('已批准');

  await logIn(page, 'accountant');
  await page.getByRole('menuitem', { name: '分配方案' }).click();
  await page.getByRole('button', { name: `打开${w.fiscalYear}年度方案` }).click();
  await page.getByRole('button', { name: '记账' }).click();
  await expect(page.getByLabel('方案状态')).toHaveText('已记账');

  await logIn(page, 'cashier');
  await page.getByRole('menuitem', { name: '分配方案' }).click();
  await page.getByRole('button', { name: `打开${w.fiscalYear}年度方案` }).click();
  await page.getByRole('button', { name: '生成发放批次' }).click();
  const batches = page.locator('[aria-label="发放批次"]');
  await expect(batches).toContainText('32,400.00');
  const [file] = await Promise.all([page.waitForEvent('download'), batches.getByRole('button', { name: '下载代发文件' }).click()]);
  const csv = readFileSync(await file.path(), 'utf8');
  expect(csv).toContain('陈大文');
  expect(csv).toContain('8400.00');
  await batches.getByRole('button', { name: '确认已发放' }).click();
  await expect(page.getByLabel('方案状态')).toHaveText('已发放');
  await expect(allocations.locator('tr', { hasText: '0004 李四' })).toContainText('16,000.00');
  await shot(page, 'distribution-paid');
});

test('身份证 is checked as it is typed, masked for the board; a household split keeps its total', async ({ page }) => {
  await logIn(page, 'accountant');
  await page.getByRole('menuitem', { name: '股东', exact: true }).click();
  await page.getByRole('button', { name: '新增股东' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('股东编号').fill('0005');
  await form.getByLabel('姓名').fill('王五');
  await form.getByLabel('身份证号').fill('441900198001011238');
  await expect(form.getByText('校验位不对，请逐位核对')).toBeVisible();
  await form.getByLabel('身份证号').fill('441900198001011237');
  await expect(form.getByText('校验位不对，请逐位核对')).toHaveCount(0);
  await form.getByLabel('所在户').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'H002' }).click();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('row', { name: /0005/ })).toContainText('441900198001011237');

  await page.getByRole('menuitem', { name: '户', exact: true }).click();
  const h001 = page.getByRole('row', { name: /H001 下村一巷1号/ });
  await expect(h001).toContainText('200.0000');
  await h001.getByRole('button', { name: '分户' }).click();
  const split = page.getByRole('dialog');
  await split.getByLabel(/0003 陈小红/).check();
  await expect(split).toContainText('分户后 H001-2116.6667');
  await expect(split).toContainText('分户后合计200.0000（不变）');
  await shot(page, 'household-split');
  await split.getByRole('button', { name: '分户' }).click();
  await expect(page.getByText('H001、H001-2 合计 200.0000 股，与操作前 200.0000 股相同')).toBeVisible();
  await expect(page.getByRole('row', { name: /H001-2/ })).toContainText('116.6667');

  await logIn(page, 'board');
  await page.getByRole('menuitem', { name: '股东', exact: true }).click();
  await expect(page.getByRole('row', { name: /0005/ })).toContainText('441900********1237');
  await expect(page.getByRole('row', { name: /0005/ })).not.toContainText('441900198001011237');
  await expect(page.getByRole('button', { name: '新增股东' })).toHaveCount(0);
  await shot(page, 'shareholders');
});
