import { expect, type Page } from '@playwright/test';

/** The API and web app the global setup started. */
export const baseURL = () => process.env.WEB_E2E_BASE_URL!;

/** A whole-page screenshot for the README (docs/screenshots/<name>.png). */
export const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });

/**
 * Logs in to the console as the login form asks a person to (no token planted), after ending any
 * other role's session (the console keeps its token in sessionStorage); page errors go to the log.
 */
export async function logInToConsole(page: Page, username: string, password: string): Promise<void> {
  page.on('pageerror', (error) => console.error(`page error: ${error.stack ?? error.message}`));
  if (page.url().startsWith(baseURL())) await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${baseURL()}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
}
