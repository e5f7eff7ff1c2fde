import { expect, test, type Page } from '@playwright/test';
import { password } from './seed';
import { seedSupervisionPublic, type PublicWorld } from './seed-supervision-public';
import { baseURL, logInToConsole, shot } from './console-page';

/**
 * The public side of supervision (issue 17), on a town of its own: the accountant drafts the 2024
 * budget of the 村级公共开支账 in the console, the board approves it, the accountant adjusts it with a
 * reason (version 2, approved too) and the 预算执行 shows the exact figures; a member reads January's
 * 财务公开 pack on a phone and files an objection on a line, the accountant answers it in the
 * console, and the member sees the answer.
 */
let w: PublicWorld;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  w = await seedSupervisionPublic(baseURL());
});

async function logIn(page: Page, username: string) {
  await logInToConsole(page, username, password(username));
}

/** Opens 预算 on 2024 (from another screen, so that it loads afresh: the other tab may have changed it). */
async function budgetPage(page: Page) {
  // Away and back, so the screen mounts again and reads the versions anew: each click waits for its
  // route, or a quick second click can land before the first one left and nothing is reloaded.
  if (page.url().endsWith('/budgets')) {
    await page.getByRole('menuitem', { name: '财务公开' }).click();
    await expect(page).not.toHaveURL(/\/budgets$/);
  }
  await page.getByRole('menuitem', { name: '预算' }).click();
  await expect(page).toHaveURL(/\/budgets$/);
  const year = page.getByLabel('预算年度');
  await year.fill('2024');
  await year.blur();
}

test('the accountant drafts the budget, the board approves it, an adjustment with a reason is version 2, and 预算执行 shows its figures', async ({ page }) => {
  // Two sessions, five screens and two approvals: about 20 s on an idle machine, so it gets the portal spec's minute.
  test.setTimeout(60_000);
  // Two tabs, each with its own session (the console keeps its token per tab): the accountant's and the board's.
  const board = await page.context().newPage();
  await logIn(page, w.users.accountant);
  await logIn(board, w.users.board);
  await budgetPage(page);
  await page.getByRole('button', { name: '新建 2024 年预算' }).click();
  const fill = async (row: number, values: [string, string, string, string]) => {
    const labels = ['编码', '项目', '预算金额', '对应科目'];
    for (const [i, v] of values.entries()) await page.getByLabel(labels[i], { exact: true }).nth(row).fill(v);
  };
  await fill(0, ['ZA', '治安', '36000', '51301']);
  await page.getByRole('button', { name: '添加一行' }).click();
  await fill(1, ['HW', '环卫', '4,000.00', '51302']);
  await expect(page.locator('.ant-table-summary')).toContainText('40,000.00');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const versions = (p: Page) => p.locator('.ant-table').first();
  await expect(versions(page).getByRole('row').filter({ hasText: '原预算' })).toContainText('草稿');
  // The accountant may not approve: the board does.
  await expect(page.getByRole('button', { name: '批准预算' })).toHaveCount(0);

  await budgetPage(board);
  await board.getByRole('button', { name: '批准预算' }).click();
  await expect(versions(board).getByRole('row').filter({ hasText: '原预算' })).toContainText('已批准');

  await budgetPage(page);
  await page.getByRole('button', { name: '调整预算' }).click();
  // The version's lines come back in item-code order: HW (环卫) first.
  await expect(page.getByLabel('编码', { exact: true }).nth(0)).toHaveValue('HW');
  await page.getByLabel('预算金额', { exact: true }).nth(0).fill('6000');
  await page.getByLabel('调整原因').fill('村民代表会议决定增加垃圾清运班次');
  await page.getByRole('button', { name: '提交调整（新版本）' }).click();
  await expect(versions(page).getByRole('row').filter({ hasText: '第 1 次调整' })).toContainText('村民代表会议决定增加垃圾清运班次');

  await budgetPage(board);
  await board.getByRole('button', { name: '批准预算' }).click();
  await expect(versions(board).getByRole('row').filter({ hasText: '原预算' })).toContainText('已被调整');
  await expect(versions(board).getByRole('row').filter({ hasText: '第 1 次调整' })).toContainText('42,000.00');
  // 预算执行 to December (nothing spent after January): 治安 3,000.00 of 36,000.00; 环卫 4,500.00 of 6,000.00 (4,000.00 before the adjustment).
  const execution = board.locator('.ant-card').filter({ hasText: '预算执行' });
  await expect(execution.getByRole('row').filter({ hasText: '治安' })).toHaveText('治安36,000.0036,000.000.003,000.008.33%33,000.00');
  await expect(execution.getByRole('row').filter({ hasText: '环卫' })).toHaveText('环卫4,000.006,000.000.004,500.0075.00%1,500.00');
  await expect(execution.locator('.ant-table-summary')).toHaveText('合计40,000.0042,000.000.007,500.0034,500.00');
  await expect(execution).toContainText('截至 2024-12，按第 2 版预算；未列入预算的支出 0.00 元。');
  await board.addStyleTag({ content: '.ant-message { display: none; }' }); // the shot without the 批准预算成功 toast
  await shot(board, 'supervision-budget');
  await board.close();
});

test('a member reads January’s 财务公开 on a phone and objects to a line; the accountant answers in the console; the member sees the answer', async ({ browser, page }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const m = await phone.newPage();
  m.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
  await m.goto(`${baseURL()}/m/`);
  await m.getByPlaceholder('请输入用户名').fill(w.users.member);
  await m.getByPlaceholder('请输入密码').fill(password(w.users.member));
  await m.getByRole('button', { name: '登录' }).click();
  await m.getByText('公开', { exact: true }).click();
  await m.getByTestId('pack-item').filter({ hasText: '2024年1月 财务公开' }).click();
  const lines = m.getByTestId('pack-line');
  await expect(lines.filter({ hasText: '支付垃圾清运费' }).filter({ hasText: '环卫' })).toContainText('4,500.00 元');
  const question = '垃圾清运费四千五百元是哪家公司收的？';
  await lines.filter({ hasText: '支付垃圾清运费' }).filter({ hasText: '环卫' }).getByRole('button', { name: '对此笔提出异议' }).click();
  await m.getByPlaceholder('请写明您的疑问').fill(question);
  await m.getByText('提交异议').click();
  await expect(m.getByTestId('my-objection')).toHaveText(`我的异议：${question}等待会计答复`);
  await m.screenshot({ path: 'docs/screenshots/portal-disclosure-objection.png' });

  await logIn(page, w.users.accountant);
  await page.getByRole('menuitem', { name: '财务公开' }).click();
  const objection = page.getByRole('row').filter({ hasText: question });
  await expect(objection).toContainText('2024-01 第 1 版');
  await objection.getByRole('button', { name: '答复' }).click();
  const answer = '由东莞市洁美环卫服务有限公司收取，合同见村委会公示栏。';
  await page.getByLabel('答复内容').fill(answer);
  await page.getByRole('button', { name: '发送答复' }).click();
  await expect(page.getByText('没有待答复的异议')).toBeVisible();

  await m.getByRole('button', { name: '返回' }).click();
  await m.getByTestId('pack-item').filter({ hasText: '2024年1月 财务公开' }).click();
  await expect(m.getByTestId('my-objection')).toHaveText(`我的异议：${question}会计答复：${answer}`);
  await m.getByTestId('my-objection').scrollIntoViewIfNeeded();
  await m.screenshot({ path: 'docs/screenshots/portal-disclosure-answer.png' });
  await phone.close();
});
