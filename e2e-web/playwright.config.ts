import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './browser';

/**
 * Browser tests of the web console (SPEC §10) in Debian's Chromium (no browser download), against
 * the real API and worker on a fresh PostgreSQL database and a Redis prefix of their own.
 * Run by `npm test` after `npm run build` and `npm run build:web`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  outputDir: '../.data/playwright',
  use: {
    launchOptions: { executablePath: CHROMIUM },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
