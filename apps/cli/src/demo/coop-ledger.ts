import type { INestApplicationContext } from '@nestjs/common';
import { RequestContext, TransactionRunner } from '@app/core';
import type { Principal } from '@app/core';
import { LedgersService } from '@app/ledger';

/**
 * The 经济社's books (集体经济账 from 2024-01), created once: the 三资 seeds post into it. Minimal
 * version for the contracts branch; the assets branch writes the full one (the lead keeps that one).
 */
export async function seedCoopLedger(app: INestApplicationContext, coopId: string): Promise<string> {
  const ledgers = app.get(LedgersService);
  const [existing] = (await ledgers.list(coopId, { limit: 1 })).items;
  if (existing) return existing.id;
  const [accountant]: { id: string }[] = await app.get(TransactionRunner).manager.query(`SELECT id FROM users WHERE username = 'accountant'`);
  const principal: Principal = { userId: accountant.id, username: 'accountant', isAdmin: false, grants: [], shareholderId: null };
  const ledger = await RequestContext.run({ requestId: 'demo-seed', principal }, () =>
    ledgers.create(coopId, { name: '温塘第一股份经济合作社 集体经济账', kind: 'collective', chart: '2023', startPeriod: '2024-01' }),
  );
  return ledger.id;
}
