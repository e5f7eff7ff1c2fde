import { DataSource } from 'typeorm';
import { DemoCredential, seedDemo } from '../apps/cli/src/demo-seed.js';
import { dataSourceOptions } from '../migrations/data-source-options.js';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app.js';

describe('schema discipline', () => {
  it('entities and migrations agree (drift check: TypeORM would generate no change)', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('every tenant table carries org_id in its primary key (first), unique keys and foreign keys (Citus rule, SPEC §4)', async () => {
    const db = await createTestDatabase();
    try {
      // Reference (installation-level) tables: replicated to every node under Citus.
      const reference = ['organizations', 'users', 'role_grants', 'schema_migrations'];
      const { rows: keys } = await db.pool.query<{ table_name: string; kind: string; name: string; columns: string[] }>(`
        SELECT c.relname AS table_name,
               CASE WHEN i.indisprimary THEN 'primary' ELSE 'unique' END AS kind, ic.relname AS name,
               array_agg(a.attname::text ORDER BY k.ord) AS columns
          FROM pg_index i
          JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE (i.indisprimary OR i.indisunique) AND c.relkind = 'r'
         GROUP BY c.relname, i.indisprimary, ic.relname
        UNION ALL
        SELECT c.relname, 'foreign', con.conname, array_agg(a.attname::text ORDER BY k.ord)
          FROM pg_constraint con
          JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE con.contype = 'f' GROUP BY c.relname, con.conname
         ORDER BY 1, 2, 3`);
      const tenantKeys = keys.filter((k) => !reference.includes(k.table_name));
      const tenantTables = [...new Set(tenantKeys.map((k) => k.table_name))];
      expect(tenantTables).toEqual([
        'account_balances', 'accounts', 'audit_heads', 'audit_log', 'budget_lines', 'budget_versions', 'contract_deposits', 'contract_objects',
        'contract_parties', 'contracts', 'depreciation_lines', 'depreciation_runs', 'disclosure_objections', 'disclosure_packs',
        'distribution_allocations', 'distribution_plans', 'fixed_asset_states', 'fixed_assets', 'holdings', 'households', 'idempotency_keys',
        'journal_lines', 'ledgers', 'opening_balances', 'payment_batches', 'periods', 'rent_accrual_runs', 'rent_receipt_applications',
        'rent_receipts', 'rent_schedule', 'resources', 'share_classes', 'share_event_legs', 'share_events', 'shareholders', 'trade_bidders',
        'trade_bids', 'trades', 'vouchers', 'warning_thresholds', 'warnings',
      ]);
      // The tenant column is org_id everywhere; idempotency keys call it scope_id (it may be the installation scope).
      const tenantColumn = (table: string) => (table === 'idempotency_keys' ? 'scope_id' : 'org_id');
      const broken = tenantKeys.filter((k) =>
        k.kind === 'primary' ? k.columns[0] !== tenantColumn(k.table_name) : !k.columns.includes(tenantColumn(k.table_name)),
      );
      expect(broken).toEqual([]);
      // Foreign keys from tenant tables to reference tables are allowed (a reference table is on every node).
      expect(tenantKeys.filter((k) => k.kind === 'foreign').map((k) => k.name)).toEqual([
        'fk_accounts_ledger', 'fk_budget_lines_version', 'fk_budget_versions_ledger', 'fk_contract_deposits_contract',
        'fk_contract_deposits_voucher', 'fk_contract_objects_asset', 'fk_contract_objects_contract', 'fk_contract_objects_resource', 'fk_contract_parties_contract', 'fk_contracts_ledger', 'fk_contracts_org',
        'fk_contracts_renewal', 'fk_depreciation_lines_asset', 'fk_depreciation_lines_run', 'fk_depreciation_lines_voucher',
        'fk_depreciation_runs_ledger', 'fk_depreciation_runs_voucher', 'fk_disclosure_objections_pack', 'fk_disclosure_packs_ledger',
        'fk_distribution_allocations_plan', 'fk_distribution_plans_ledger', 'fk_fixed_asset_states_asset', 'fk_fixed_assets_disposal_voucher',
        'fk_fixed_assets_ledger', 'fk_fixed_assets_source_voucher', 'fk_holdings_class', 'fk_holdings_shareholder', 'fk_households_org',
        'fk_journal_lines_account', 'fk_journal_lines_asset', 'fk_journal_lines_asset_ledger', 'fk_journal_lines_household', 'fk_journal_lines_shareholder',
        'fk_journal_lines_voucher', 'fk_ledgers_org', 'fk_opening_balances_account', 'fk_payment_batches_plan', 'fk_periods_ledger',
        'fk_rent_accrual_runs_ledger', 'fk_rent_accrual_runs_voucher', 'fk_rent_receipt_applications_bill', 'fk_rent_receipt_applications_receipt',
        'fk_rent_receipts_contract', 'fk_rent_receipts_voucher', 'fk_rent_schedule_contract', 'fk_rent_schedule_run', 'fk_resources_org',
        'fk_share_classes_org', 'fk_share_event_legs_class', 'fk_share_event_legs_event', 'fk_share_event_legs_shareholder',
        'fk_shareholders_household', 'fk_shareholders_org', 'fk_trade_bidders_trade', 'fk_trade_bids_bidder', 'fk_trades_asset', 'fk_trades_contract', 'fk_trades_org', 'fk_trades_resource',
        'fk_trades_winner', 'fk_vouchers_ledger', 'fk_warning_thresholds_org', 'fk_warnings_org',
      ]);
    } finally {
      await db.drop();
    }
  });
});

describe('demo', () => {
  let t: TestApp;
  let first: DemoCredential[];
  let second: DemoCredential[];

  beforeAll(async () => {
    t = await startTestApp({ withProcessors: true });
    first = await seedDemo(t.app);
    second = await seedDemo(t.app);
  }, 180_000);
  afterAll(() => t.close());

  it('the demo seed runs against a scratch database (twice, idempotently) and the service is ready', async () => {
    expect(second).toEqual(first);
    expect(first.map((c) => c.username)).toEqual(['admin', 'accountant', 'reviewer', 'cashier', 'board', 'supervisor', 'auditor', 'shareholder']);
    const orgs = await t.sql<{ kind: string; name: string }>(`SELECT kind, name FROM organizations ORDER BY array_length(ancestor_ids, 1) NULLS FIRST`);
    expect(orgs).toEqual([
      { kind: 'town', name: '东莞市东城街道' },
      { kind: 'union', name: '东城街道温塘股份经济联合社' },
      { kind: 'cooperative', name: '温塘第一股份经济合作社' },
    ]);
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'accountant', password: 'demo-accountant-pass' });
    expect(login.status).toBe(200);
    // The demo books: SPEC §6's year, closed into 未分配收益.
    const [union] = await t.sql<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'union'`);
    const ledgers = await t.http().get(`/api/v1/orgs/${union.id}/ledgers`).set('Authorization', `Bearer ${login.body.accessToken}`);
    // SPEC §6's collective ledger, and the public-expenditure ledger of the supervision seed.
    expect(ledgers.body.items.map((l: { name: string }) => l.name)).toEqual(['集体经济账', '村级公共开支账']);
    expect(ledgers.body.nextCursor).toBeNull();
    const statement = await t.http().get(`/api/v1/orgs/${union.id}/ledgers/${ledgers.body.items[0].id}/reports/income-statement?year=2024`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(statement.body.rows.find((r: { line: string }) => r.line === '13').amount).toBe('5000000.00');
    // The demo register: 2,000 shareholders in 600 households; allocation, transfer, inheritance, purchase effective.
    const register = await t.http().get(`/api/v1/orgs/${union.id}/register?by=household`).set('Authorization', `Bearer ${login.body.accessToken}`);
    // 600 households, plus the organization's own line: the deceased's 劳龄股 are not inheritable and went to 集体.
    expect(register.body.items).toHaveLength(601);
    expect(register.body.items[0]).toMatchObject({ household: '(集体)', LABOR: '4.0000' });
    expect([register.body.totals.BASIC, register.body.totals.RAISED]).toEqual(['20000.0000', '5.0000']);
    const events = await t.sql<{ type: string; status: string }>(`SELECT type, status FROM share_events ORDER BY created_at`);
    expect(events.map((e) => `${e.type} ${e.status}`)).toEqual(['initial_allocation effective', 'transfer effective', 'inheritance effective', 'purchase effective']);
    // The demo distribution: posted, 3,000,000 allocated to the cent.
    const plans = await t.http().get(`/api/v1/orgs/${union.id}/distributions`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(plans.body.items.map((p: { status: string; grossTotal: string }) => [p.status, p.grossTotal])).toEqual([['posted', '3000000.00']]);
    // Supervision: the public ledger's 12 months published, 环卫 over its budget, the large cash payment.
    const packs = await t.http().get(`/api/v1/orgs/${union.id}/disclosure-packs`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(packs.body.items.map((p: { period: string }) => p.period)).toHaveLength(12);
    const warnings = await t.sql<{ rule_code: string; colour: string; subject_label: string }>(`SELECT rule_code, colour, subject_label FROM warnings WHERE rule_code IN ('W4', 'W14') ORDER BY rule_code, subject_label`);
    expect(warnings.filter((w) => w.colour === 'red').map((w) => [w.rule_code, w.subject_label])).toEqual([['W14', '2024 环卫 预算执行 112.50%']]);
    // W4 looks at every ledger: SPEC §6's year pays one large sum in cash too.
    expect(warnings.filter((w) => w.rule_code === 'W4').map((w) => w.subject_label)).toEqual(['记-0001 支付经营、税费、管理、公益及其他支出', '记-0010 现金支付河道清淤劳务费']);
  });

  it('the 经济社 has its 三资: 40 asset cards, 15 resources, 25 contracts (one from a trade with three bidders), 2024 depreciation and rent posted, the books tie out', async () => {
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'accountant', password: 'demo-accountant-pass' });
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const [coop] = await t.sql<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'cooperative'`);
    const list = await t.http().get(`/api/v1/orgs/${coop.id}/contracts`).set(auth);
    expect(list.body.items).toHaveLength(25);
    const items = list.body.items as { number: string; status: string; overdue: string; expiringSoon: boolean; tradeId: string | null; ledgerId: string }[];
    expect(items.filter((c) => c.expiringSoon).map((c) => c.number)).toEqual(['HT-2024-001']);
    // Two tenants stopped paying in July 2024 (HT-2024-007, -019); every fifth pays late and short.
    expect(items.filter((c) => c.overdue !== '0.00').map((c) => [c.number, c.overdue])).toEqual([
      ['HT-2024-005', '7375.68'],
      ['HT-2024-007', '75540.00'],
      ['HT-2024-010', '12504.96'],
      ['HT-2024-015', '4904.64'],
      ['HT-2024-019', '72180.00'],
      ['HT-2024-020', '10033.92'],
    ]);
    const traded = items.find((c) => c.tradeId)!;
    const trade = await t.http().get(`/api/v1/orgs/${coop.id}/trades/${traded.tradeId}`).set(auth);
    expect([trade.body.status, trade.body.bidders.length, trade.body.winningAmount]).toEqual(['completed', 3, '17000.00']);
    const integrity = await t.http().get(`/api/v1/orgs/${coop.id}/contracts/integrity?ledgerId=${traded.ledgerId}`).set(auth);
    expect(integrity.body).toMatchObject({ ok: true, checked: 25 });
    const runs = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM rent_accrual_runs WHERE org_id = $1 AND voucher_id IS NOT NULL`, [coop.id]);
    expect(runs).toEqual([{ n: 12 }]);
    const books = await t.http().get(`/api/v1/orgs/${coop.id}/ledgers/${traded.ledgerId}/integrity`).set(auth);
    expect(books.status).toBe(200);
    expect(books.body.ok).toBe(true);
    // Every registered reconciliation too: the cards with 151/152, the rent schedules with 112 (issue 16 item 5).
    expect(books.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(books.body.reconciled).toBe(true);
    // The 经济社's 三资 (issue 16): 40 cards, 15 resources, 12 months of depreciation; 151/152 reconcile, the books balance.
    const [coopLedger] = (await t.http().get(`/api/v1/orgs/${coop.id}/ledgers`).set(auth)).body.items;
    const cards = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM fixed_assets WHERE org_id = $1`, [coop.id]);
    const resources = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM resources WHERE org_id = $1`, [coop.id]);
    const depreciationRuns = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM depreciation_runs WHERE org_id = $1 AND voucher_id IS NOT NULL`, [coop.id]);
    expect([cards[0].n, resources[0].n, depreciationRuns[0].n]).toEqual([40, 15, 12]);
    expect((await t.http().get(`/api/v1/orgs/${coop.id}/ledgers/${coopLedger.id}/assets/integrity`).set(auth)).body).toMatchObject({ ok: true, linesWithoutCard: 0 });
    expect((await t.http().get(`/api/v1/orgs/${coop.id}/ledgers/${coopLedger.id}/integrity`).set(auth)).body).toMatchObject({ ok: true, reconciled: true });
    expect((await t.http().get(`/api/v1/orgs/${coop.id}/ledgers/${coopLedger.id}/reports/trial-balance?from=2024-01&to=2024-12`).set(auth)).body.balanced).toBe(true);
  });

  it('the town’s contract thresholds (W8–W10, from 2023-01-01) raise the 经济社’s contract warnings: the lease ending this month, the unpaid 2024 rent, the large leases without a trade', async () => {
    const [coop] = await t.sql<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'cooperative'`);
    const thresholds = await t.sql<{ param: string; effective_from: string; value: string }>(
      `SELECT param, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, value::text FROM warning_thresholds WHERE param LIKE 'contract%' OR param LIKE 'rent%' OR param = 'trade_required_rent' ORDER BY param`,
    );
    expect(thresholds).toEqual([
      { param: 'contract_expiry_days', effective_from: '2023-01-01', value: '60.00' },
      { param: 'contract_expiry_red_days', effective_from: '2023-01-01', value: '30.00' },
      { param: 'rent_overdue_days', effective_from: '2023-01-01', value: '30.00' },
      { param: 'rent_overdue_red_days', effective_from: '2023-01-01', value: '90.00' },
      { param: 'trade_required_rent', effective_from: '2023-01-01', value: '200000.00' },
    ]);
    const counts = await t.sql<{ rule_code: string; colour: string; n: number }>(
      `SELECT rule_code, colour, count(*)::int AS n FROM warnings WHERE org_id = $1 AND subject_type = 'contract' GROUP BY 1, 2 ORDER BY 1, 2`,
      [coop.id],
    );
    // W8: HT-2024-001 ends this month (within 30 days: red); W9: every 2024 bill still unpaid, all over 90 days
    // (HT-2024-007 and -019 July–December, the four late payers' December bills); W10: 5 leases of 200,000.00+ a year.
    expect(counts).toEqual([
      { rule_code: 'W10', colour: 'red', n: 5 },
      { rule_code: 'W8', colour: 'red', n: 1 },
      { rule_code: 'W9', colour: 'red', n: 16 },
    ]);
    const today = new Date(Date.now() + 8 * 3600_000);
    const monthEnd = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const labels = async (rule: string) =>
      (await t.sql<{ subject_label: string; measured: string }>(`SELECT subject_label, measured FROM warnings WHERE org_id = $1 AND rule_code = $2 ORDER BY subject_label`, [coop.id, rule])).map((w) => w.subject_label);
    expect(await labels('W8')).toEqual([`HT-2024-001 第一工业区 2 号厂房租赁合同 将于 ${monthEnd} 到期，未续签`]);
    expect((await labels('W9')).filter((l) => !l.startsWith('HT-2024-007') && !l.startsWith('HT-2024-019'))).toEqual([
      'HT-2024-005 2024-12-01 应收 9850.00，未收 7375.68',
      'HT-2024-010 2024-12-01 应收 16700.00，未收 12504.96',
      'HT-2024-015 2024-12-01 应收 6550.00，未收 4904.64',
      'HT-2024-020 2024-12-01 应收 13400.00，未收 10033.92',
    ]);
    expect((await labels('W9')).filter((l) => l.startsWith('HT-2024-007'))).toHaveLength(6);
    expect(await labels('W10')).toEqual([
      'HT-2024-010 第一工业区 1 号厂房租赁合同 年租金 200400.00，未进场交易',
      'HT-2024-011 第一工业区 2 号厂房租赁合同 年租金 216840.00，未进场交易',
      'HT-2024-012 第二工业区 3 号厂房租赁合同 年租金 233280.00，未进场交易',
      'HT-2024-023 温塘市场 A 区商铺租赁合同 年租金 210120.00，未进场交易',
      'HT-2024-024 温塘市场 B 区商铺租赁合同 年租金 226560.00，未进场交易',
    ]);
    // The supervisor's dashboard shows them on the 经济社's row.
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'supervisor', password: 'demo-supervisor-pass' });
    const [town] = await t.sql<{ id: string }>(`SELECT id FROM organizations WHERE kind = 'town'`);
    const dashboard = await t.http().get(`/api/v1/orgs/${town.id}/supervision/dashboard`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(dashboard.status).toBe(200);
    const row = dashboard.body.organizations.find((o: { orgId: string }) => o.orgId === coop.id);
    expect(row.red).toBe(22);
  });

  it('the demo shareholder (股东 0011, household H0004, heir of 0010) logs in and reads their 2024 statement', async () => {
    expect(first.find((c) => c.username === 'shareholder')).toEqual({ username: 'shareholder', password: 'demo-shareholder-pass', role: 'shareholder', holder: { number: '0011', name: '王翠兰', household: 'H0004' } });
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'shareholder', password: 'demo-shareholder-pass' });
    expect(login.status).toBe(200);
    const statements = await t.http().get('/api/v1/me/statements?year=2024').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(statements.status).toBe(200);
    // 12 weighted units (10 基本股 × 1 + 4 劳龄股 × 0.5) of 22,334 (20,000 基本股, 1,167 holders of 4 劳龄股):
    // 3,000,000 × 12 / 22,334 = 1611.892…, posted and not yet paid.
    expect(statements.body).toEqual([
      {
        orgId: expect.any(String),
        organization: '东城街道温塘股份经济联合社',
        shareholder: { id: expect.any(String), number: '0011', name: '王翠兰', idNumber: '441900********0110' },
        household: 'H0004',
        year: '2024',
        distributions: [
          expect.objectContaining({
            fiscalYear: 2024,
            recordDate: '2024-12-31',
            approvedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
            holdings: [
              { shareClass: 'BASIC', name: '基本股', quantity: '10.0000', weight: '1.0000', units: '10.00000000' },
              { shareClass: 'LABOR', name: '劳龄股', quantity: '4.0000', weight: '0.5000', units: '2.00000000' },
            ],
            shareholderNumber: '0011',
            units: '12.00000000',
            frozenUnits: '0.00000000',
            gross: '1611.89',
            tax: '0.00',
            net: '1611.89',
            withheld: '0.00',
            paid: '0.00',
            paidAt: null,
          }),
        ],
      },
    ]);
    // Today they also hold half of 0010's 基本股 (the demo's inheritance, after the record date).
    const holdings = await t.http().get('/api/v1/me/holdings').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(holdings.body.nextCursor).toBeNull();
    expect(holdings.body.items.flatMap((h: { holdings: { shareClass: string; quantity: string }[] }) => h.holdings.map((x) => [x.shareClass, x.quantity]))).toEqual([
      ['BASIC', '15.0000'],
      ['LABOR', '4.0000'],
    ]);
  });
});
