import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { UsersService } from '@app/auth';
import { AppConfig, loadConfig, processEnv, RequestContext, Role } from '@app/core';
import { OrganizationsService } from '@app/organizations';
import { createApiApp } from '../../apps/api/src/bootstrap.js';


export interface TestDatabase {
  url: string;
  name: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database cloned from the run's migrated template (see global-setup.mjs). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const env = processEnv();
  const run = env.CL_TEST_RUN;
  const template = env.CL_TEST_TEMPLATE;
  const base = env.CL_TEST_BASE_URL;
  if (!run || !template || !base) throw new Error('test database settings missing: run through jest (global-setup.mjs)');
  // Unique per call: jest gives each test file a fresh module registry, so a counter would repeat.
  const name = `cl_test_${run}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // An idle connection ended by the final DROP … WITH (FORCE) must not surface as an unhandled error.
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    name,
    pool,
    drop: async () => {
      await pool.end();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig & { databaseUrl: string } {
  const config = loadConfig({
    ...processEnv(),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    QUEUE_PREFIX: `t${new URL(databaseUrl).pathname.slice(8)}`,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '12',
    ...overrides,
  });
  return { ...config, databaseUrl };
}

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  config: AppConfig & { databaseUrl: string };
  http(): ReturnType<typeof request>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startTestApp(options: { withProcessors?: boolean; env?: Record<string, string>; logStream?: NodeJS.WritableStream; webRoot?: string | null } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, options.env);
  const app = await createApiApp({ config, withProcessors: options.withProcessors, logStream: options.logStream, webRoot: options.webRoot });
  return {
    app,
    db,
    config,
    http: () => request(app.getHttpServer()),
    sql: async <T>(text: string, params?: unknown[]) => (await db.pool.query(text, params)).rows as T[],
    close: async () => {
      try {
        await app.close();
      } finally {
        await db.drop();
      }
    },
  };
}

/** Known-valid 统一社会信用代码 for fixtures (check characters computed by GB 32100). */
export const CODES = {
  town: '11441900MB2C00001M',
  union: 'N2441900MA0000001F',
  cooperative: 'N2441900MA0000002J',
  otherUnion: 'N2441900MA0000003M',
  spare: ['N2441900MA0000004Q', 'N2441900MA0000005U', '91350100M000100Y43'],
};

export interface World {
  townId: string;
  unionId: string;
  coopId: string;
  otherUnionId: string;
  tokens: Record<'admin' | 'accountant' | 'reviewer' | 'board' | 'auditor' | 'supervisor' | 'shareholder' | 'otherAccountant' | 'cashier', string>;
  userIds: Record<string, string>;
}

/**
 * A town with two 经联社 (one with a 经济社), and a user per role on the first 经联社; an accountant of
 * the other 经联社; auditor and supervisor on the town. Created through the services, then logged in.
 */
export async function seedWorld(t: TestApp): Promise<World> {
  const orgs = t.app.get(OrganizationsService);
  const users = t.app.get(UsersService);
  const ids = await RequestContext.run({ requestId: 'test-seed', principal: null }, async () => {
    const town = await orgs.create({ code: CODES.town, name: '测试街道', kind: 'town' });
    const union = await orgs.create({ code: CODES.union, name: '测试股份经济联合社', kind: 'union', parentId: town.id });
    const coop = await orgs.create({ code: CODES.cooperative, name: '测试第一股份经济合作社', kind: 'cooperative', parentId: union.id });
    const other = await orgs.create({ code: CODES.otherUnion, name: '另一股份经济联合社', kind: 'union', parentId: town.id });
    const people: [string, Role | 'admin', string[]][] = [
      ['admin', 'admin', []],
      ['accountant', 'accountant', [union.id]],
      ['reviewer', 'reviewer', [union.id]],
      ['cashier', 'cashier', [union.id]],
      ['board', 'board', [union.id]],
      ['shareholder', 'shareholder', [union.id]],
      ['auditor', 'auditor', [town.id]],
      ['supervisor', 'supervisor', [town.id]],
      ['other.accountant', 'accountant', [other.id]],
    ];
    const userIds: Record<string, string> = {};
    for (const [username, role, orgIds] of people) {
      const u = await users.create({
        username,
        password: `${username}-password`,
        isAdmin: role === 'admin',
        grants: role === 'admin' ? [] : orgIds.map((orgId) => ({ orgId, role: role as Role })),
      });
      userIds[username] = u.id;
    }
    return { townId: town.id, unionId: union.id, coopId: coop.id, otherUnionId: other.id, userIds };
  });
  const login = async (username: string) => {
    const res = await t.http().post('/api/v1/auth/login').send({ username, password: `${username}-password` });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  return {
    ...ids,
    tokens: {
      admin: await login('admin'),
      accountant: await login('accountant'),
      reviewer: await login('reviewer'),
      cashier: await login('cashier'),
      board: await login('board'),
      shareholder: await login('shareholder'),
      auditor: await login('auditor'),
      supervisor: await login('supervisor'),
      otherAccountant: await login('other.accountant'),
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Collects a binary response body (ZIP, XLSX, PDF) as a Buffer: `.buffer(true).parse(binary)`. */
export function binary(res: { on(event: string, listener: (chunk?: unknown) => void): unknown }, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
