import { expect, test, type Page } from '@playwright/test';
import { call, login, password } from './seed';
import { listVouchers, reviewAndPost, seedBooksMore, type BooksMoreWorld } from './seed-books-more';
import { baseURL, logInToConsole, shot } from './console-page';

/**
 * The rest of the books console (issue 14), on a 经联社 of its own: a sub-account and the opening
 * balances with their trial check; a voucher line refused at that line, then booked to a shareholder
 * picked from the register; the 明细账 by shareholder and the 现金日记账 to the 分; 红字冲销 of the
 * posted voucher; a month closed and reopened by the board with a reason.
 */
let w: BooksMoreWorld;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  w = await seedBooksMore(baseURL());
});

async function logIn(page: Page, username: string) {
  await logInToConsole(page, username, password(username));
}

const row = (page: Page, text: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });

async function choose(page: Page, label: string, typed: string, option: string) {
  await page.getByLabel(label).click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-item-option', { hasText: option }).click();
}

test('a sub-account, then the opening balances with the trial check', async ({ page }) => {
  await logIn(page, w.users.accountant);
  await page.getByRole('menuitem', { name: '科目与期初' }).click();
  await row(page, '102').getByRole('button', { name: '增加下级' }).click();
  await expect(page.getByLabel('科目编码')).toHaveValue('10201');
  await page.getByLabel('科目名称').fill('农商银行');
  await page.getByRole('button', { name: '增加', exact: true }).click();
  await expect(page.getByText('已增加科目 10201 农商银行')).toBeVisible();
  await expect(row(page, '10201')).toContainText('农商银行');

  await page.getByRole('tab', { name: '期初余额' }).click();
  const amount = (code: string, side: 0 | 1) => row(page, code).getByRole('textbox').nth(side);
  await amount('101 库存现金', 0).fill('2000');
  await amount('10201 农商银行', 0).fill('50000');
  const capital = page.getByRole('row').filter({ hasText: /^301 / });
  await capital.getByRole('textbox').nth(1).fill('50000');
  await expect(page.getByText('试算平衡：借方合计 52,000.00，贷方合计 50,000.00，差额 2,000.00')).toBeVisible();
  await expect(page.getByRole('button', { name: '保存期初余额' })).toBeDisabled();
  await capital.getByRole('textbox').nth(1).fill('52000');
  await expect(page.getByText('试算平衡：借方合计 52,000.00，贷方合计 52,000.00，平衡')).toBeVisible();
  await page.getByRole('button', { name: '保存期初余额' }).click();
  await expect(page.getByText('期初余额已保存')).toBeVisible();
  await shot(page, 'opening-balances');
});

test('a line refused at its line, booked to a shareholder; 明细账 and 现金日记账 to the 分; 红字冲销', async ({ page }) => {
  await logIn(page, w.users.accountant);
  await page.getByRole('menuitem', { name: '凭证录入' }).click();
  await page.getByLabel('凭证摘要').fill('收到李秀英还款');
  await page.getByLabel('第1行科目').fill('101');
  await page.keyboard.press('Enter');
  await page.getByLabel('第1行借方').fill('300');
  await page.getByLabel('第2行科目').fill('113');
  await page.keyboard.press('Enter');
  await page.getByLabel('第2行贷方').fill('300');
  await page.keyboard.press('Control+s');
  // 113 内部往来 needs a counterparty, shareholder or household: the refusal sits under line 2.
  await expect(page.getByTestId('line-problem-2')).toContainText('第2行：该科目需要填写往来单位、股东或农户');
  await expect(page.locator('tr[data-row="1"] + tr[data-testid="line-problem-2"]')).toHaveCount(1);
  await shot(page, 'voucher-line-refusal');
  // The cell finds a household by its 户号, a shareholder by name; the typed text stays a 往来单位.
  await page.getByLabel('第2行往来单位').fill(w.household.code);
  await expect(page.locator('.ant-select-item-option', { hasText: `农户 户号${w.household.code}` })).toBeVisible();
  await expect(page.locator('.ant-select-item-option', { hasText: `往来单位：${w.household.code}` })).toBeVisible();
  await page.getByLabel('第2行往来单位').fill('李秀');
  await page.locator('.ant-select-item-option', { hasText: `股东 李秀英（${w.shareholder.number}）` }).click();
  await expect(page.getByLabel('第2行往来单位')).toHaveValue(`股东 李秀英（${w.shareholder.number}）`);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('saved')).toContainText('收到李秀英还款');
  const voucher = (await listVouchers(baseURL(), w)).find((v) => v.memo === '收到李秀英还款')!;
  await reviewAndPost(baseURL(), w, voucher.id);

  await page.getByRole('menuitem', { name: '报表' }).click();
  await page.getByRole('tab', { name: '明细账' }).click();
  await choose(page, '科目', '113', '113 ');
  await choose(page, '辅助核算', '', '按股东');
  await page.getByLabel('辅助核算对象').fill('0007');
  await page.locator('.ant-select-item-option', { hasText: '股东 李秀英' }).click();
  await expect(page.getByText(`科目：113`)).toBeVisible();
  const line = page.getByRole('row').filter({ hasText: '记-0001' });
  await expect(line).toContainText('收到李秀英还款');
  await expect(line).toContainText('300.00');
  await expect(row(page, '期末余额')).toContainText('贷');
  await expect(row(page, '期末余额')).toContainText('300.00');
  await shot(page, 'subsidiary-ledger');
  await page.getByRole('tab', { name: '现金日记账' }).click();
  // 2,000.00 opening + 300.00 received = 2,300.00 at the day's end.
  await expect(row(page, '本日合计')).toContainText('2,300.00');
  await expect(row(page, '期末余额')).toContainText('2,300.00');
  await page.getByRole('tab', { name: '资产负债表' }).click();
  // 货币资金 at the month's end: 101 2,300.00 + 10201 50,000.00.
  await expect(row(page, '货币资金')).toContainText('52,300.00');
  // The print view (A4): the report alone, without the menu, the tabs or the buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('menuitem', { name: '凭证列表' })).toBeHidden();
  await expect(page.getByRole('button', { name: '下载 Excel' })).toBeHidden();
  await expect(page.getByRole('heading', { name: '资产负债表' })).toBeVisible();
  await shot(page, 'balance-sheet-print');
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('menuitem', { name: '凭证列表' }).click();
  await page.getByRole('button', { name: '收到李秀英还款' }).click();
  await page.getByRole('button', { name: '红字冲销' }).click();
  await page.getByLabel('冲销日期').fill(w.today);
  await page.getByLabel('冲销说明').fill('冲销错记的还款');
  await page.getByRole('button', { name: '冲销', exact: true }).click();
  await expect(page.getByText('冲销成功')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: '冲销错记的还款' })).toBeVisible();
  await expect(row(page, '记-0002')).toBeVisible();
  await expect(page.getByRole('cell', { name: '已冲销' })).toBeVisible();
  await shot(page, 'voucher-reversed');
});

test('a month is closed, and the board reopens it with a reason', async ({ page }) => {
  const month = w.startPeriod;
  await logIn(page, w.users.accountant);
  await page.getByRole('menuitem', { name: '结账' }).click();
  await page.getByRole('button', { name: `结账 ${month}` }).click();
  await expect(row(page, month)).toContainText('已结账');
  // Only the board may reopen: the accountant is not offered it.
  await expect(page.getByRole('button', { name: '反结账' })).toHaveCount(0);
  await page.getByRole('button', { name: '退出' }).click();

  await logIn(page, w.users.board);
  await page.getByRole('menuitem', { name: '结账' }).click();
  await row(page, month).getByRole('button', { name: '反结账' }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: '反结账' })).toBeDisabled();
  await page.getByLabel('反结账原因').fill('补记上月漏记的租金收入');
  await shot(page, 'reopen');
  await page.getByRole('dialog').getByRole('button', { name: '反结账' }).click();
  await expect(page.getByText(`${month} 反结账成功`)).toBeVisible();
  await expect(row(page, month)).toContainText('未结账');
});

test('a line on 152 asks for a fixed-asset card: refused without one at that line, then picked from the keyboard', async ({ page }) => {
  const accountant = await login(baseURL(), w.users.accountant, password(w.users.accountant));
  const card = await call<{ id: string }>(baseURL(), 'POST', `/orgs/${w.orgId}/ledgers/${w.ledgerId}/assets`, accountant, {
    cardNo: 'ZC-0001',
    name: '村委办公楼',
    category: '房屋建筑物',
    purpose: 'management',
    acquisitionType: 'purchase',
    creditAccountCode: '10201',
    cost: '120000.00',
    salvageRate: '0.05',
    inServiceDate: w.today,
    method: 'straight_line',
    usefulLifeMonths: 240,
  });
  await logIn(page, w.users.accountant);
  await page.getByRole('menuitem', { name: '凭证录入' }).click();
  await page.getByLabel('凭证摘要').fill('补提折旧');
  await page.getByLabel('第1行科目').fill('513');
  await page.keyboard.press('Enter');
  await page.getByLabel('第1行借方').fill('475');
  await page.getByLabel('第2行科目').fill('152');
  await page.keyboard.press('Enter');
  // 152 累计折旧 needs a card: the cursor waits in the card cell; without one the line is refused.
  await expect(page.getByLabel('第2行资产卡片')).toBeFocused();
  await page.getByLabel('第2行贷方').fill('475');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('line-problem-2')).toContainText('第2行：该科目（固定资产、累计折旧、固定资产清理）需要选择固定资产卡片');
  await page.getByLabel('第2行资产卡片').click();
  await page.keyboard.type('ZC-0001');
  await expect(page.locator('.ant-select-item-option', { hasText: 'ZC-0001 村委办公楼' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('第2行资产卡片')).toHaveValue('ZC-0001 村委办公楼');
  await expect(page.getByLabel('第2行借方')).toBeFocused();
  await shot(page, 'voucher-asset-card');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('saved')).toContainText('补提折旧');
  const voucher = (await listVouchers(baseURL(), w)).find((v) => v.memo === '补提折旧')!;
  const lines = (await call<{ lines: { accountCode: string; assetId: string | null }[] }>(baseURL(), 'GET', `/orgs/${w.orgId}/ledgers/${w.ledgerId}/vouchers/${voucher.id}`, accountant)).lines;
  expect(lines.map((l) => [l.accountCode, l.assetId])).toEqual([
    ['513', null],
    ['152', card.id],
  ]);
});
