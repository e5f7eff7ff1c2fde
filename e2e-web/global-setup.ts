import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBrowser } from './browser';
import { seedBooks } from './seed';

/**
 * A fresh database (migrated by the CLI's create-admin), the compiled API and worker on a free
 * port of 41000+, seeded through the API as an admin and an accountant would. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureBrowser();
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `cl_web_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const port = 41000 + Math.floor(Math.random() * 8000);
  const exportDir = mkdtempSync(join(tmpdir(), 'cl-web-exports-'));
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    JWT_SECRET: `web-e2e-${randomBytes(16).toString('hex')}`,
    PORT: String(port),
    QUEUE_PREFIX: `w${name.slice(7)}`,
    LOG_LEVEL: 'warn',
    EXPORT_DIR: exportDir,
    LOGIN_RATE_LIMIT: '1000',
  };
  execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'create-admin', '--username', 'admin', '--password', 'admin-password-e2e'], { env, stdio: 'pipe' });
  const children: ChildProcess[] = [
    spawn(process.execPath, ['dist/apps/api/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
    spawn(process.execPath, ['dist/apps/worker/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  ];
  const baseURL = `http://127.0.0.1:${port}`;
  const teardown = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    rmSync(exportDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseURL);
    const world = await seedBooks(baseURL);
    process.env.WEB_E2E_BASE_URL = baseURL;
    process.env.WEB_E2E_WORLD = JSON.stringify(world);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function waitForReady(baseURL: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseURL}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become ready at ${baseURL}`);
}
