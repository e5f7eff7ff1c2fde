import { Injectable } from '@nestjs/common';
import { Decimal, TransactionRunner } from '@app/core';
import { LedgersService, PERIOD } from '@app/ledger';

const BATCH = 2000;

interface AccountInfo {
  code: string;
  name: string;
  parent_code: string | null;
}

/**
 * The books as a plain-text hledger journal (SPEC §2.6), so an auditor can re-check them with an
 * open tool: one transaction per posted voucher (date, `(记-0001)`, memo), postings on `code name`
 * account paths (parent:child), amounts in CNY with debits positive and credits negative, and the
 * opening balances first. Written in batches of vouchers, so a ledger of any size streams out.
 */
@Injectable()
export class HledgerExportService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledgers: LedgersService,
  ) {}

  ledgerOf(orgId: string, ledgerId: string) {
    return this.ledgers.get(orgId, ledgerId);
  }

  async write(orgId: string, ledgerId: string, range: { from?: string; to?: string }, out: (chunk: string) => Promise<void> | void): Promise<void> {
    const ledger = await this.ledgers.get(orgId, ledgerId);
    const from = range.from && range.from > ledger.start_period ? range.from : ledger.start_period;
    const to = range.to ?? '9999-12';
    if (!PERIOD.test(from) || (range.to && !PERIOD.test(range.to))) throw new Error('from/to must be YYYY-MM');
    const m = this.tx.manager;
    const [org]: { name: string }[] = await m.query(`SELECT name FROM organizations WHERE id = $1`, [orgId]);
    const accounts: AccountInfo[] = await m.query(`SELECT code, name, parent_code FROM accounts WHERE org_id = $1 AND ledger_id = $2`, [orgId, ledgerId]);
    const byCode = new Map(accounts.map((a) => [a.code, a]));
    const path = (code: string): string => {
      const parts: string[] = [];
      for (let a = byCode.get(code); a; a = a.parent_code ? byCode.get(a.parent_code) : undefined) parts.unshift(`${a.code} ${clean(a.name)}`);
      return parts.join(':');
    };
    await out(`; collective-ledger: ${clean(org.name)} ${clean(ledger.name)}, ${from} — ${range.to ?? 'end'}\n; debits are positive, credits negative; accounts are "code name" paths of the 2023 rural chart\n\ncommodity CNY 1000.00\n\n`);

    // Opening balances: the ledger's, plus everything posted before `from`.
    const opening: { account_code: string; net: string }[] = await m.query(
      `SELECT account_code, sum(net)::text AS net FROM (
          SELECT account_code, debit - credit AS net FROM opening_balances WHERE org_id = $1 AND ledger_id = $2
          UNION ALL
          SELECT account_code, debit - credit FROM account_balances WHERE org_id = $1 AND ledger_id = $2 AND period < $3
        ) t GROUP BY account_code HAVING sum(net) <> 0 ORDER BY account_code`,
      [orgId, ledgerId, from],
    );
    if (opening.length > 0) {
      await out(`${from}-01 * 期初余额\n${opening.map((o) => posting(path(o.account_code), o.net)).join('')}\n`);
    }

    let after: { date: string; period: string; number: number } | null = null;
    for (;;) {
      const vouchers: { id: string; date: string; period: string; number: number; memo: string }[] = await m.query(
        `SELECT id, to_char(voucher_date, 'YYYY-MM-DD') AS date, period, number, memo FROM vouchers
          WHERE org_id = $1 AND ledger_id = $2 AND status = 'posted' AND period >= $3 AND period <= $4
            AND ($5::date IS NULL OR (voucher_date, period, number) > ($5::date, $6::text, $7::int))
          ORDER BY voucher_date, period, number LIMIT ${BATCH}`,
        [orgId, ledgerId, from, to, after?.date ?? null, after?.period ?? null, after?.number ?? null],
      );
      if (vouchers.length === 0) break;
      const lines: { voucher_id: string; account_code: string; net: string; memo: string | null }[] = await m.query(
        `SELECT voucher_id, account_code, (debit - credit)::text AS net, memo FROM journal_lines WHERE org_id = $1 AND voucher_id = ANY($2::uuid[]) ORDER BY voucher_id, line_no`,
        [orgId, vouchers.map((v) => v.id)],
      );
      const byVoucher = new Map<string, typeof lines>();
      for (const l of lines) byVoucher.set(l.voucher_id, [...(byVoucher.get(l.voucher_id) ?? []), l]);
      let chunk = '';
      for (const v of vouchers) {
        chunk += `${v.date} * (记-${String(v.number).padStart(4, '0')}) ${clean(v.memo)}\n`;
        for (const l of byVoucher.get(v.id) ?? []) chunk += posting(path(l.account_code), l.net, l.memo);
        chunk += '\n';
      }
      await out(chunk);
      const last = vouchers[vouchers.length - 1];
      after = { date: last.date, period: last.period, number: last.number };
      if (vouchers.length < BATCH) break;
    }
  }
}

/** Names and memos on one line, without the two-space run that ends an hledger account name. */
function clean(text: string): string {
  return text.replace(/[\r\n\t;]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

function posting(account: string, net: string, memo?: string | null): string {
  return `    ${account}    CNY ${new Decimal(net).toFixed(2)}${memo ? `  ; ${clean(memo)}` : ''}\n`;
}

