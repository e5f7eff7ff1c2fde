import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '@app/auth';
import { RequestContext, Role, TransactionRunner } from '@app/core';
import { OrganizationsService } from '@app/organizations';

export interface DemoCredential {
  username: string;
  password: string;
  role: string;
}

export const DEMO_TOWN_CODE = '11441900MB2C00001M';
export const DEMO_UNION_CODE = 'N2441900MA0000001F';
export const DEMO_COOPERATIVE_CODE = 'N2441900MA0000002J';

/**
 * A town (东城街道), one 经联社 with one 经济社, and a user per role. Runs through the same services
 * (and so the same audit chain) as the API. Skips what exists, so re-running the demo is safe.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoCredential[]> {
  const orgs = app.get(OrganizationsService);
  const users = app.get(UsersService);
  const tx = app.get(TransactionRunner);
  const existing: { id: string; code: string }[] = await tx.manager.query(`SELECT id, code FROM organizations WHERE code = ANY($1)`, [
    [DEMO_TOWN_CODE, DEMO_UNION_CODE, DEMO_COOPERATIVE_CODE],
  ]);
  const idOf = (code: string) => existing.find((o) => o.code === code)?.id;

  return RequestContext.run({ requestId: 'demo-seed', principal: null }, async () => {
    const townId = idOf(DEMO_TOWN_CODE) ?? (await orgs.create({ code: DEMO_TOWN_CODE, name: '东莞市东城街道', kind: 'town' })).id;
    const unionId =
      idOf(DEMO_UNION_CODE) ?? (await orgs.create({ code: DEMO_UNION_CODE, name: '东城街道温塘股份经济联合社', kind: 'union', parentId: townId })).id;
    const coopId =
      idOf(DEMO_COOPERATIVE_CODE) ??
      (await orgs.create({ code: DEMO_COOPERATIVE_CODE, name: '温塘第一股份经济合作社', kind: 'cooperative', parentId: unionId })).id;

    const people: { username: string; role: Role | 'admin'; orgIds: string[] }[] = [
      { username: 'admin', role: 'admin', orgIds: [] },
      { username: 'accountant', role: 'accountant', orgIds: [unionId, coopId] },
      { username: 'reviewer', role: 'reviewer', orgIds: [unionId, coopId] },
      { username: 'cashier', role: 'cashier', orgIds: [unionId, coopId] },
      { username: 'board', role: 'board', orgIds: [unionId] },
      { username: 'supervisor', role: 'supervisor', orgIds: [townId] },
      { username: 'auditor', role: 'auditor', orgIds: [townId] },
      { username: 'shareholder', role: 'shareholder', orgIds: [unionId] },
    ];
    const taken: { username: string }[] = await tx.manager.query(`SELECT username FROM users`);
    const credentials: DemoCredential[] = [];
    for (const p of people) {
      const password = `demo-${p.username}-pass`;
      if (!taken.some((t) => t.username === p.username)) {
        await users.create({
          username: p.username,
          password,
          isAdmin: p.role === 'admin',
          grants: p.role === 'admin' ? [] : p.orgIds.map((orgId) => ({ orgId, role: p.role as Role })),
        });
      }
      credentials.push({ username: p.username, password, role: p.role });
    }
    return credentials;
  });
}
