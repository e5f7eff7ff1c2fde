import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { processEnv } from '@app/core';
import { booksClient } from './support/books.js';
import { bearer, binary, seedWorld, startTestApp, TestApp, World } from './support/test-app.js';

const hledgerAvailable = spawnSync('hledger', ['--version']).status === 0;
const hledgerIt = hledgerAvailable || processEnv().CI === 'true' ? it : it.skip;

/** XML 1.0's Char production, negated: what may never appear in a well-formed document. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Surrogate}/u;

/** Issue 11 §3: what the books hold must not break the auditor exports. */
describe('auditor exports survive hostile text in the books', () => {
  let t: TestApp;
  let world: World;
  let ledgerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t);
    const books = booksClient(t, world);
    ledgerId = (await books.createLedger('集体经济账', '2024-01')).id;
    await books.addAccount(ledgerId, '10201', '农商行:东城支行', '102');
    await books.book(ledgerId, '2024-01-10', '收到租金: 一月', [
      { accountCode: '10201', debit: '100.00' },
      { accountCode: '501', credit: '100.00' },
    ]);
  });
  afterAll(() => t.close());

  it('GB/T 24589: characters XML 1.0 forbids, already in the database (written in SQL), are stripped at export', async () => {
    // The API refuses them now (hostile-input test); rows from before, or from SQL, may still hold them.
    await t.sql(`ALTER TABLE vouchers DISABLE TRIGGER USER`);
    await t.sql(`UPDATE vouchers SET memo = $1 WHERE ledger_id = $2`, ['收到\uFFFE租金\uFFFF\u0001一月', ledgerId]);
    await t.sql(`ALTER TABLE vouchers ENABLE TRIGGER USER`);
    const res = await t.http().get(`/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/exports/gbt24589?year=2024`).set(bearer(world.tokens.auditor)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const entries = unzipSync(new Uint8Array(res.body as Buffer));
    const text = new TextDecoder().decode(entries['记账凭证.xml']);
    expect(XML_FORBIDDEN.test(text)).toBe(false);
    expect(XMLValidator.validate(text)).toBe(true);
    const records = new XMLParser({ parseTagValue: false, isArray: (name) => name === '记录' }).parse(text)['记账凭证']['记录'] as Record<string, string>[];
    expect(records.map((r) => r['记账凭证摘要'])).toEqual(['收到租金一月', '收到租金一月']);
  });

  it('hledger: a colon in an account name does not split the account tree (replaced by a full-width colon)', async () => {
    const res = await t.http().get(`/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/exports/journal`).set(bearer(world.tokens.auditor));
    expect(res.status).toBe(200);
    const posting = res.text.split('\n').find((l) => l.includes('10201'));
    expect(posting).toBe('    102 银行存款:10201 农商行：东城支行    CNY 100.00');
  });

  hledgerIt('hledger itself sees 10201 as one account, a child of 102', async () => {
    const res = await t.http().get(`/api/v1/orgs/${world.unionId}/ledgers/${ledgerId}/exports/journal`).set(bearer(world.tokens.auditor));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cl-hledger-colon-')), 'books.journal');
    writeFileSync(file, res.text);
    execFileSync('hledger', ['-f', file, 'check'], { encoding: 'utf8' });
    const accounts = execFileSync('hledger', ['-f', file, 'accounts'], { encoding: 'utf8' }).trim().split('\n');
    expect(accounts.filter((a) => a.includes('10201'))).toEqual(['102 银行存款:10201 农商行：东城支行']);
  });
});
