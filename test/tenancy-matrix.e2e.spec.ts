import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PUBLIC_KEY } from '@app/core';
import { bearer, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

type Persona = 'anonymous' | 'otherOrgAccountant' | 'sameOrgShareholder' | 'auditor' | 'admin';
const PERSONAS: Persona[] = ['anonymous', 'otherOrgAccountant', 'sameOrgShareholder', 'auditor', 'admin'];

type MatrixWorld = World & { jobId: string; ledgerId: string; voucherId: string; householdId: string; shareholderId: string; eventId: string; planId: string; contractId: string; tradeId: string };

interface RouteCase {
  /** Expected status per persona, in PERSONAS order. */
  expect: [number, number, number, number, number];
  path: (w: MatrixWorld) => string;
  body?: (persona: Persona, w: World) => unknown;
}

/** Organization-scoped reads of staff data: no token, other organization, shareholder, auditor, admin. */
const READ: RouteCase['expect'] = [401, 404, 403, 200, 403];
/** Organization-scoped writes: none of these personas may write the books. */
const WRITE: RouteCase['expect'] = [401, 404, 403, 403, 403];
const VOUCHER = { date: '2024-02-01', memo: '矩阵', lines: [{ accountCode: '101', debit: '1.00' }, { accountCode: '501', credit: '1.00' }] };

/**
 * Every route the application registers must appear here (the test reads them from the app): a new
 * route without a row fails this suite. Organization routes use the first 经联社.
 */
const MATRIX: Record<string, RouteCase> = {
  'GET /api/v1/me': { expect: [401, 200, 200, 200, 200], path: () => '/api/v1/me' },
  'GET /api/v1/me/holdings': { expect: [401, 200, 200, 200, 200], path: () => '/api/v1/me/holdings' },
  'GET /api/v1/me/share-events': { expect: [401, 200, 200, 200, 200], path: () => '/api/v1/me/share-events' },
  'POST /api/v1/users': {
    expect: [401, 403, 403, 403, 201],
    path: () => '/api/v1/users',
    body: (p) => ({ username: `matrix.${p.toLowerCase()}`, password: 'matrix-password', grants: [] }),
  },
  'GET /api/v1/users': { expect: [401, 403, 403, 403, 200], path: () => '/api/v1/users' },
  'POST /api/v1/users/:userId/grants': {
    expect: [401, 403, 403, 403, 201],
    path: (w) => `/api/v1/users/${w.userIds.reviewer}/grants`,
    body: () => ({ grants: [] }),
  },
  'POST /api/v1/orgs': {
    expect: [401, 403, 403, 403, 201],
    path: () => '/api/v1/orgs',
    body: (_p, w) => ({ code: 'N2441900MA0000005U', name: '矩阵测试合作社', kind: 'cooperative', parentId: w.unionId }),
  },
  'GET /api/v1/orgs': { expect: [401, 200, 200, 200, 200], path: () => '/api/v1/orgs' },
  'GET /api/v1/orgs/:orgId': { expect: [401, 404, 200, 200, 200], path: (w) => `/api/v1/orgs/${w.unionId}` },
  'GET /api/v1/orgs/:orgId/settings': { expect: [401, 404, 200, 200, 200], path: (w) => `/api/v1/orgs/${w.unionId}/settings` },
  'PATCH /api/v1/orgs/:orgId/settings': {
    expect: [401, 404, 403, 403, 200],
    path: (w) => `/api/v1/orgs/${w.unionId}/settings`,
    body: () => ({ noticeDays: 7 }),
  },
  'GET /api/v1/orgs/:orgId/audit-log': { expect: [401, 404, 403, 200, 403], path: (w) => `/api/v1/orgs/${w.unionId}/audit-log` },
  'GET /api/v1/orgs/:orgId/audit-log/verify': { expect: [401, 404, 403, 200, 403], path: (w) => `/api/v1/orgs/${w.unionId}/audit-log/verify` },
  'POST /api/v1/orgs/:orgId/audit-log/verify-jobs': {
    expect: [401, 404, 403, 202, 403],
    path: (w) => `/api/v1/orgs/${w.unionId}/audit-log/verify-jobs`,
  },
  'GET /api/v1/audit-log': { expect: [401, 403, 403, 403, 200], path: () => '/api/v1/audit-log' },
  'GET /api/v1/audit-log/verify': { expect: [401, 403, 403, 403, 200], path: () => '/api/v1/audit-log/verify' },
  'GET /api/v1/jobs/:id': { expect: [401, 404, 403, 200, 200], path: (w) => `/api/v1/jobs/${w.jobId}` },
  // The books: staff of the organization read; only its accountant (and reviewer, cashier, board for
  // their steps) write. Auditors read everything and write nothing; the admin does not see the books.
  'POST /api/v1/orgs/:orgId/households': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/households`, body: () => ({ code: 'M1' }) },
  'GET /api/v1/orgs/:orgId/households': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/households` },
  'POST /api/v1/orgs/:orgId/households/:householdId/head': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/households/${w.householdId}/head`, body: (_p, w) => ({ headShareholderId: (w as MatrixWorld).shareholderId }) },
  'POST /api/v1/orgs/:orgId/households/:householdId/split': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/households/${w.householdId}/split`, body: (_p, w) => ({ code: 'M2', shareholderIds: [(w as MatrixWorld).shareholderId] }) },
  'POST /api/v1/orgs/:orgId/households/:householdId/merge': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/households/${w.householdId}/merge`, body: (_p, w) => ({ intoHouseholdId: (w as MatrixWorld).householdId }) },
  'POST /api/v1/orgs/:orgId/shareholders': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/shareholders`, body: () => ({ number: '9999', name: 'x', idNumber: '441900198001011237', householdId: '00000000-0000-4000-8000-000000000000', member: true }) },
  'GET /api/v1/orgs/:orgId/shareholders': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/shareholders` },
  'GET /api/v1/orgs/:orgId/shareholders/:shareholderId': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/shareholders/${w.shareholderId}` },
  'PATCH /api/v1/orgs/:orgId/shareholders/:shareholderId': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/shareholders/${w.shareholderId}`, body: () => ({ phone: '13800000000' }) },
  'POST /api/v1/orgs/:orgId/shareholders/:shareholderId/move': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/shareholders/${w.shareholderId}/move`, body: (_p, w) => ({ householdId: (w as MatrixWorld).householdId }) },
  'POST /api/v1/orgs/:orgId/share-classes': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-classes`, body: () => ({ code: 'M', name: 'x', weight: '1', transferable: true, giftable: true, inheritable: true }) },
  'GET /api/v1/orgs/:orgId/share-classes': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/share-classes` },
  'GET /api/v1/orgs/:orgId/holdings': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/holdings` },
  'GET /api/v1/orgs/:orgId/register': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/register` },
  'GET /api/v1/orgs/:orgId/register/integrity': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/register/integrity` },
  'POST /api/v1/orgs/:orgId/share-events': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events`, body: () => ({ type: 'freeze', effectiveDate: '2024-01-01', legs: [] }) },
  'GET /api/v1/orgs/:orgId/share-events': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/share-events` },
  'POST /api/v1/orgs/:orgId/share-events/finalize-due': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/finalize-due` },
  'GET /api/v1/orgs/:orgId/share-events/:eventId': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}` },
  'POST /api/v1/orgs/:orgId/share-events/:eventId/approve': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}/approve` },
  'POST /api/v1/orgs/:orgId/share-events/:eventId/finalize': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}/finalize` },
  'POST /api/v1/orgs/:orgId/share-events/:eventId/reject': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}/reject`, body: () => ({ reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/share-events/:eventId/cancel': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}/cancel`, body: () => ({ reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/share-events/:eventId/withdraw': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}/withdraw`, body: () => ({ reason: '矩阵测试' }) },
  // A shareholder may object during the 公示 (the event here is pending, so the shareholder gets past the guard and meets the state rule).
  'POST /api/v1/orgs/:orgId/share-events/:eventId/objections': { expect: [401, 404, 409, 403, 403], path: (w) => `/api/v1/orgs/${w.unionId}/share-events/${w.eventId}/objections`, body: () => ({ reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/distributions': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions`, body: (_p, w) => ({ ledgerId: (w as MatrixWorld).ledgerId, fiscalYear: 2025, reservePercent: '0', totalAmount: '1.00' }) },
  'GET /api/v1/orgs/:orgId/distributions': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/distributions` },
  'GET /api/v1/orgs/:orgId/distributions/warnings': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/warnings` },
  'GET /api/v1/orgs/:orgId/distributions/:planId': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}` },
  'POST /api/v1/orgs/:orgId/distributions/:planId/calculate': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/calculate` },
  'POST /api/v1/orgs/:orgId/distributions/:planId/publish': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/publish` },
  // As for share events, a shareholder may object during the 公示 (the plan here is a draft: past the guard, the state rule answers).
  'POST /api/v1/orgs/:orgId/distributions/:planId/objections': { expect: [401, 404, 409, 403, 403], path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/objections`, body: () => ({ reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/distributions/:planId/approve': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/approve` },
  'POST /api/v1/orgs/:orgId/distributions/:planId/post': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/post` },
  'GET /api/v1/orgs/:orgId/distributions/:planId/allocations': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/allocations` },
  'POST /api/v1/orgs/:orgId/distributions/:planId/payment-batches': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/payment-batches`, body: () => ({}) },
  'GET /api/v1/orgs/:orgId/distributions/:planId/payment-batches/:batchId/file': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/payment-batches/00000000-0000-4000-8000-000000000001/file` },
  'POST /api/v1/orgs/:orgId/distributions/:planId/payment-batches/:batchId/confirm': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/distributions/${w.planId}/payment-batches/00000000-0000-4000-8000-000000000001/confirm`, body: () => ({}) },
  // No distribution has been posted in the matrix world: readers get past the guard and find no statement.
  'GET /api/v1/orgs/:orgId/shareholders/:shareholderId/statements': { expect: [401, 404, 403, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/shareholders/${w.shareholderId}/statements?year=2024` },
  'GET /api/v1/me/statements': { expect: [401, 404, 404, 404, 404], path: () => '/api/v1/me/statements?year=2024' },
  // Any login may ask; only a shareholder's own organizations' plans in 公示 come back (none here: the plan is a draft).
  'GET /api/v1/me/distribution-notices': { expect: [401, 200, 200, 200, 200], path: () => '/api/v1/me/distribution-notices' },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/exports/journal': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/exports/journal` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/exports/gbt24589': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/exports/gbt24589?year=2024` },
  // Requesting a queued export is a read (BooksRead, like the GET exports and like audit verify-jobs): it writes nothing to the database.
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/exports': { expect: [401, 404, 403, 202, 403], path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/exports`, body: () => ({ format: 'journal' }) },
  // No export job by that id: readers get past the guard and find none.
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/exports/:jobId/file': { expect: [401, 404, 403, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/exports/exports.${w.unionId}.export.none/file` },
  // 三资 (issue 16): cards and runs live in a ledger; the books' permissions (BooksRead / BooksManage).
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/assets': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets`, body: () => ({ cardNo: 'M-1', name: 'x', category: 'x', purpose: 'operating', acquisitionType: 'opening', cost: '1.00', salvageRate: '0', inServiceDate: '2024-01-01', method: 'straight_line', usefulLifeMonths: 12 }) },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/register': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/register?asOf=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/depreciation': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/depreciation?from=2024-01&to=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/runs': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/runs` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/runs': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/runs`, body: () => ({ period: '2024-01' }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/runs/preview': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/runs/preview`, body: () => ({ period: '2024-01' }) },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/integrity': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/integrity` },
  // No card by that id: readers get past the guard and find none.
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/:assetId': { expect: [401, 404, 403, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/00000000-0000-4000-8000-000000000001` },
  'PATCH /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/:assetId': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/00000000-0000-4000-8000-000000000001`, body: () => ({ name: 'x' }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/:assetId/state': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/00000000-0000-4000-8000-000000000001/state`, body: () => ({ state: 'idle', since: '2024-01-01', reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/:assetId/disposal': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/assets/00000000-0000-4000-8000-000000000001/disposal`, body: () => ({ date: '2024-01-01', proceeds: '0', reason: '矩阵测试' }) },
  'GET /api/v1/orgs/:orgId/resources': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/resources` },
  'POST /api/v1/orgs/:orgId/resources': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/resources`, body: () => ({ number: 'M-1', type: '耕地', name: 'x', areaMu: '1', currentUse: 'idle' }) },
  'GET /api/v1/orgs/:orgId/resources/:resourceId': { expect: [401, 404, 403, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/resources/00000000-0000-4000-8000-000000000001` },
  'PATCH /api/v1/orgs/:orgId/resources/:resourceId': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/resources/00000000-0000-4000-8000-000000000001`, body: () => ({ name: 'x' }) },
  'POST /api/v1/orgs/:orgId/ledgers': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers`, body: () => ({ name: 'x', kind: 'collective', chart: '2023', startPeriod: '2024-01' }) },
  'GET /api/v1/orgs/:orgId/ledgers': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/accounts': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/accounts` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/accounts': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/accounts`, body: () => ({ code: '10299', name: 'x', parentCode: '102' }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/opening-balances': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/opening-balances`, body: () => ({ lines: [] }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/imports': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/imports`, body: () => ({ vouchers: [VOUCHER] }) },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/integrity': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/integrity` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/trial-balance': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/trial-balance?from=2024-01&to=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/journal': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/journal?from=2024-01&to=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/general-ledger': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/general-ledger?from=2024-01&to=2024-02` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/subsidiary-ledger': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/subsidiary-ledger?account=101&from=2024-01&to=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/cash-journal': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/cash-journal?from=2024-01&to=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/balance-sheet': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/balance-sheet?period=2024-12` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/reports/income-statement': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/reports/income-statement?year=2024` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers`, body: () => VOUCHER },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers/:voucherId': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers/${w.voucherId}` },
  'PUT /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers/:voucherId': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers/${w.voucherId}`, body: () => VOUCHER },
  'DELETE /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers/:voucherId': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers/${w.voucherId}` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers/:voucherId/review': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers/${w.voucherId}/review` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers/:voucherId/post': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers/${w.voucherId}/post` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers/:voucherId/reverse': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/vouchers/${w.voucherId}/reverse`, body: () => ({ date: '2024-03-01' }) },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/periods': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/periods` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/periods/:period/close': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/periods/2024-01/close` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/periods/:period/reopen': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/periods/2024-01/reopen`, body: () => ({ reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/years/:year/close': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/years/2024/close` },
  // Supervision (SPEC §9). The matrix ledger is collective: readers past the guard meet LEDGER_NOT_PUBLIC.
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/budgets': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/budgets`, body: () => ({ year: 2024, lines: [] }) },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/budgets': { expect: [401, 404, 403, 409, 403], path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/budgets?year=2024` },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/budgets/adjustments': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/budgets/adjustments`, body: () => ({ year: 2024, reason: '矩阵测试', lines: [] }) },
  'PUT /api/v1/orgs/:orgId/ledgers/:ledgerId/budgets/:versionId/lines': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/budgets/00000000-0000-4000-8000-000000000001/lines`, body: () => ({ lines: [] }) },
  'POST /api/v1/orgs/:orgId/ledgers/:ledgerId/budgets/:versionId/approve': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/budgets/00000000-0000-4000-8000-000000000001/approve` },
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/budget-execution': { expect: [401, 404, 403, 409, 403], path: (w) => `/api/v1/orgs/${w.unionId}/ledgers/${w.ledgerId}/budget-execution?year=2024` },
  'GET /api/v1/orgs/:orgId/warnings': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/warnings` },
  'POST /api/v1/orgs/:orgId/warnings/evaluate': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/warnings/evaluate`, body: () => ({ year: '2024' }) },
  'GET /api/v1/orgs/:orgId/warnings/:warningId': { expect: [401, 404, 403, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/warnings/00000000-0000-4000-8000-000000000001` },
  'GET /api/v1/orgs/:orgId/warnings/:warningId/voucher': { expect: [401, 404, 403, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/warnings/00000000-0000-4000-8000-000000000001/voucher` },
  'POST /api/v1/orgs/:orgId/warnings/:warningId/state': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/warnings/00000000-0000-4000-8000-000000000001/state`, body: () => ({ state: 'acknowledged' }) },
  // Town routes: the town is outside the other 经联社 accountant's and the shareholder's grants.
  'GET /api/v1/orgs/:orgId/supervision/dashboard': { expect: [401, 404, 404, 200, 403], path: (w) => `/api/v1/orgs/${w.townId}/supervision/dashboard` },
  'GET /api/v1/orgs/:orgId/warning-thresholds': { expect: [401, 404, 404, 200, 403], path: (w) => `/api/v1/orgs/${w.townId}/warning-thresholds` },
  'POST /api/v1/orgs/:orgId/warning-thresholds': { expect: [401, 404, 404, 403, 403], path: (w) => `/api/v1/orgs/${w.townId}/warning-thresholds`, body: () => ({ param: 'cash_limit', value: '5000.00', effectiveFrom: '2024-01-01' }) },
  'GET /api/v1/orgs/:orgId/warning-rules': { expect: [401, 404, 404, 200, 403], path: (w) => `/api/v1/orgs/${w.townId}/warning-rules` },
  // 财务公开: members read their organization's packs and object; no pack exists in the matrix world.
  'GET /api/v1/orgs/:orgId/disclosure-packs': { expect: [401, 404, 200, 200, 403], path: (w) => `/api/v1/orgs/${w.unionId}/disclosure-packs` },
  'GET /api/v1/orgs/:orgId/disclosure-packs/:packId': { expect: [401, 404, 404, 404, 403], path: (w) => `/api/v1/orgs/${w.unionId}/disclosure-packs/00000000-0000-4000-8000-000000000001` },
  'POST /api/v1/orgs/:orgId/disclosure-packs/:packId/objections': { expect: [401, 404, 404, 403, 403], path: (w) => `/api/v1/orgs/${w.unionId}/disclosure-packs/00000000-0000-4000-8000-000000000001/objections`, body: () => ({ lineRef: 'lines:0', text: '矩阵测试' }) },
  'GET /api/v1/orgs/:orgId/disclosure-objections': { expect: [401, 404, 200, 200, 403], path: (w) => `/api/v1/orgs/${w.unionId}/disclosure-objections` },
  'POST /api/v1/orgs/:orgId/disclosure-objections/:objectionId/answer': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/disclosure-objections/00000000-0000-4000-8000-000000000001/answer`, body: () => ({ answer: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/contracts': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts`, body: () => ({}) },
  'GET /api/v1/orgs/:orgId/contracts': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/contracts` },
  'POST /api/v1/orgs/:orgId/contracts/accruals': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/accruals`, body: (_p, w) => ({ ledgerId: (w as MatrixWorld).ledgerId, period: '2024-01' }) },
  'GET /api/v1/orgs/:orgId/contracts/receivables': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/receivables` },
  'GET /api/v1/orgs/:orgId/contracts/aging': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/aging?asOf=2024-12-31` },
  'GET /api/v1/orgs/:orgId/contracts/integrity': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/integrity?ledgerId=${w.ledgerId}` },
  'GET /api/v1/orgs/:orgId/contracts/:contractId': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/${w.contractId}` },
  'POST /api/v1/orgs/:orgId/contracts/:contractId/sign': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/${w.contractId}/sign`, body: () => ({ signedOn: '2024-01-01' }) },
  'POST /api/v1/orgs/:orgId/contracts/:contractId/terminate': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/${w.contractId}/terminate`, body: () => ({ date: '2024-06-30', reason: '矩阵测试' }) },
  'POST /api/v1/orgs/:orgId/contracts/:contractId/renewal': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/${w.contractId}/renewal`, body: () => ({}) },
  'POST /api/v1/orgs/:orgId/contracts/:contractId/receipts': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/${w.contractId}/receipts`, body: () => ({ date: '2024-02-01', amount: '1.00' }) },
  'POST /api/v1/orgs/:orgId/contracts/:contractId/deposits': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/contracts/${w.contractId}/deposits`, body: () => ({ kind: 'received', date: '2024-02-01' }) },
  'POST /api/v1/orgs/:orgId/trades': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/trades`, body: () => ({}) },
  'GET /api/v1/orgs/:orgId/trades': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/trades` },
  'GET /api/v1/orgs/:orgId/trades/:tradeId': { expect: READ, path: (w) => `/api/v1/orgs/${w.unionId}/trades/${w.tradeId}` },
  'POST /api/v1/orgs/:orgId/trades/:tradeId/bidders': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/trades/${w.tradeId}/bidders`, body: () => ({}) },
  'POST /api/v1/orgs/:orgId/trades/:tradeId/bids': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/trades/${w.tradeId}/bids`, body: () => ({}) },
  'POST /api/v1/orgs/:orgId/trades/:tradeId/complete': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/trades/${w.tradeId}/complete`, body: () => ({}) },
  'POST /api/v1/orgs/:orgId/trades/:tradeId/fail': { expect: WRITE, path: (w) => `/api/v1/orgs/${w.unionId}/trades/${w.tradeId}/fail`, body: () => ({ date: '2024-12-20', reason: '矩阵测试' }) },
};

/**
 * The list routes (SPEC §5): `?limit=` and `?cursor=`, answering `{items, nextCursor}`. The OpenAPI
 * document must mark exactly these with the page schema, and each answers a page where it answers 200.
 */
const LISTS = new Set([
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets',
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/register',
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/depreciation',
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/assets/runs',
  'GET /api/v1/orgs/:orgId/resources',
  'GET /api/v1/me/holdings',
  'GET /api/v1/me/share-events',
  'GET /api/v1/me/distribution-notices',
  'GET /api/v1/users',
  'GET /api/v1/orgs',
  'GET /api/v1/orgs/:orgId/audit-log',
  'GET /api/v1/audit-log',
  'GET /api/v1/orgs/:orgId/households',
  'GET /api/v1/orgs/:orgId/shareholders',
  'GET /api/v1/orgs/:orgId/share-classes',
  'GET /api/v1/orgs/:orgId/holdings',
  'GET /api/v1/orgs/:orgId/share-events',
  'GET /api/v1/orgs/:orgId/distributions',
  'GET /api/v1/orgs/:orgId/contracts',
  'GET /api/v1/orgs/:orgId/contracts/receivables',
  'GET /api/v1/orgs/:orgId/trades',
  'GET /api/v1/orgs/:orgId/distributions/warnings',
  'GET /api/v1/orgs/:orgId/distributions/:planId/allocations',
  'GET /api/v1/orgs/:orgId/ledgers',
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/accounts',
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/vouchers',
  'GET /api/v1/orgs/:orgId/ledgers/:ledgerId/periods',
  'GET /api/v1/orgs/:orgId/warnings',
  'GET /api/v1/orgs/:orgId/disclosure-packs',
  'GET /api/v1/orgs/:orgId/disclosure-objections',
]);

/** Public by design: logging in, health probes. */
const PUBLIC_ROUTES = ['POST /api/v1/auth/login', 'GET /health/live', 'GET /health/ready'];

function registeredRoutes(t: TestApp): { key: string; isPublic: boolean }[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const routes: { key: string; isPublic: boolean }[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const prototype = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const joined = [base, String(path)].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/');
      const prefixed = joined.startsWith('health/') ? `/${joined}` : `/api/v1/${joined}`;
      const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, metatype) === true;
      routes.push({ key: `${method} ${prefixed}`, isPublic });
    }
  }
  return routes;
}

describe('tenancy matrix: every route × {no token, other-org accountant, same-org shareholder, auditor, admin}', () => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await startTestApp();
    const w = await seedWorld(t);
    const job = await t.http().post(`/api/v1/orgs/${w.unionId}/audit-log/verify-jobs`).set(bearer(w.tokens.auditor));
    const ledger = await t.http().post(`/api/v1/orgs/${w.unionId}/ledgers`).set(bearer(w.tokens.accountant)).send({ name: '矩阵账套', kind: 'collective', chart: '2023', startPeriod: '2024-01' });
    const voucher = await t.http().post(`/api/v1/orgs/${w.unionId}/ledgers/${ledger.body.id}/vouchers`).set(bearer(w.tokens.accountant)).send(VOUCHER);
    const household = await t.http().post(`/api/v1/orgs/${w.unionId}/households`).set(bearer(w.tokens.accountant)).send({ code: 'MATRIX' });
    const holder = await t
      .http()
      .post(`/api/v1/orgs/${w.unionId}/shareholders`)
      .set(bearer(w.tokens.accountant))
      .send({ number: '0001', name: '矩阵', idNumber: '441900199002150022', householdId: household.body.id, member: true });
    await t.http().post(`/api/v1/orgs/${w.unionId}/share-classes`).set(bearer(w.tokens.accountant)).send({ code: 'BASIC', name: '基本股', weight: '1', transferable: true, giftable: true, inheritable: true });
    const event = await t
      .http()
      .post(`/api/v1/orgs/${w.unionId}/share-events`)
      .set(bearer(w.tokens.accountant))
      .send({ type: 'initial_allocation', effectiveDate: '2024-01-01', legs: [{ shareholderId: holder.body.id, shareClass: 'BASIC', quantity: '1' }] });
    const plan = await t
      .http()
      .post(`/api/v1/orgs/${w.unionId}/distributions`)
      .set(bearer(w.tokens.accountant))
      .send({ ledgerId: ledger.body.id, fiscalYear: 2024, reservePercent: '0', totalAmount: '1.00', override: { reason: '矩阵测试：无收益' } });
    const contract = await t
      .http()
      .post(`/api/v1/orgs/${w.unionId}/contracts`)
      .set(bearer(w.tokens.accountant))
      .send({ ledgerId: ledger.body.id, number: 'M-1', title: '矩阵合同', parties: [{ kind: 'person', name: '矩阵', idCode: '441900199002150022' }], objects: [{ description: '矩阵厂房' }], startDate: '2024-01-01', endDate: '2024-12-31', billingCycle: 'monthly', monthlyRent: '1.00' });
    const trade = await t.http().post(`/api/v1/orgs/${w.unionId}/trades`).set(bearer(w.tokens.accountant)).send({ number: 'M-1', title: '矩阵交易', object: { description: '矩阵' }, reservePrice: '1.00', increment: '1.00' });
    world = { ...w, contractId: contract.body.id, tradeId: trade.body.id, jobId: job.body.jobId, ledgerId: ledger.body.id, voucherId: voucher.body.id, householdId: household.body.id, shareholderId: holder.body.id, eventId: event.body.id, planId: plan.body.id };
  });
  afterAll(() => t.close());

  it('every registered route has a row in the matrix, and public routes are exactly the expected ones', () => {
    const routes = registeredRoutes(t);
    const keys = routes.filter((r) => !r.isPublic).map((r) => r.key).sort();
    expect(keys).toEqual(Object.keys(MATRIX).sort());
    expect(routes.filter((r) => r.isPublic).map((r) => r.key).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  for (const [route, rc] of Object.entries(MATRIX)) {
    it(`${route} → ${rc.expect.join(' / ')}`, async () => {
      const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      const tokens: Record<Persona, string | null> = {
        anonymous: null,
        otherOrgAccountant: world.tokens.otherAccountant,
        sameOrgShareholder: world.tokens.shareholder,
        auditor: world.tokens.auditor,
        admin: world.tokens.admin,
      };
      const actual: number[] = [];
      for (const persona of PERSONAS) {
        let req = t.http()[method](rc.path(world));
        const token = tokens[persona];
        if (token) req = req.set(bearer(token));
        const res = await (rc.body ? req.send(rc.body(persona, world) as object) : req);
        actual.push(res.status);
        if (res.status >= 400) expect(typeof res.body.code).toBe('string');
        if (res.status === 200 && LISTS.has(route)) expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
      }
      expect(actual).toEqual(rc.expect);
    });
  }

  it('the OpenAPI document describes exactly the list routes as pages, with ?limit= and ?cursor=', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, { type?: string; nullable?: boolean }> }> };
    };
    const paged = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const schema = JSON.stringify(op.responses['200']?.content?.['application/json']?.schema ?? null);
        if (!schema.includes('#/components/schemas/PageSchema')) continue;
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        paged.add(key);
        const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        expect([key, query.includes('limit'), query.includes('cursor')]).toEqual([key, true, true]);
        // The items are a named schema, so a generated client sees T[].
        expect(schema).toMatch(/"items":\{"type":"array","items":\{"\$ref":"#\/components\/schemas\/\w+"\}\}/);
      }
    }
    expect([...paged].sort()).toEqual([...LISTS].sort());
    for (const route of LISTS) expect(MATRIX[route]).toBeDefined();
    expect(doc.components.schemas.PageSchema.properties.nextCursor).toMatchObject({ type: 'string', nullable: true });
  });

  it('bull-board is for admins only', async () => {
    expect((await t.http().get('/api/v1/admin/queues')).status).toBe(401);
    expect((await t.http().get('/api/v1/admin/queues').set(bearer(world.tokens.auditor))).status).toBe(403);
    expect((await t.http().get('/api/v1/admin/queues').auth('auditor', 'auditor-password')).status).toBe(403);
    expect((await t.http().get('/api/v1/admin/queues').set(bearer(world.tokens.admin))).status).toBe(200);
    expect((await t.http().get('/api/v1/admin/queues').auth('admin', 'admin-password')).status).toBe(200);
  });

  it('an unknown or malformed organization id is 404, like one outside the caller’s grants', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await t.http().get(`/api/v1/orgs/${id}`).set(bearer(world.tokens.auditor));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ORG_NOT_FOUND');
    }
  });
});
