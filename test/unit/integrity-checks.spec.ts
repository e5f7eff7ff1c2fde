import { IntegrityChecks } from '@app/core';

describe('IntegrityChecks: the registry the ledger’s integrity check answers from', () => {
  it('answers every registered check by name, one run per group, and refuses a name twice or out of form', async () => {
    const checks = new IntegrityChecks();
    let runs = 0;
    checks.register('contracts.receivables', async () => ({ ok: false, differences: [{ accountCode: '112', schedule: '12000.00', books: '17000.00' }] }));
    checks.registerAll(['assets.cost', 'assets.accumulated_depreciation'] as const, async (orgId, ledgerId) => {
      runs++;
      return { 'assets.cost': { ok: true, differences: [] }, 'assets.accumulated_depreciation': { ok: true, differences: [`${orgId}/${ledgerId}`] } };
    });
    expect(checks.registered()).toEqual(['assets.accumulated_depreciation', 'assets.cost', 'contracts.receivables']);
    expect(await checks.run('o', 'l')).toEqual([
      { name: 'assets.accumulated_depreciation', ok: true, differences: ['o/l'] },
      { name: 'assets.cost', ok: true, differences: [] },
      { name: 'contracts.receivables', ok: false, differences: [{ accountCode: '112', schedule: '12000.00', books: '17000.00' }] },
    ]);
    expect(runs).toBe(1);
    expect(() => checks.register('assets.cost', async () => ({ ok: true, differences: [] }))).toThrow(/registered twice/);
    expect(() => checks.register('Assets-Cost', async () => ({ ok: true, differences: [] }))).toThrow(/<context>\.<what>/);
  });
});
