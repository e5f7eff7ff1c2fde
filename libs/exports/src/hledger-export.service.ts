import { Injectable } from '@nestjs/common';
import { Decimal, TransactionRunner } from '@app/core';
import { LedgersService, PERIOD } from '@app/ledger';
import { OrganizationsService } from '@app/organizations';
import { ExportProgress, ExportStats } from './export-types.js';
import { ExportsRepository, JournalLineRow } from './exports.repository.js';

const BATCH = 2000;

/**
 * The books as a plain-text hledger journal (SPEC §2.6), so an auditor can re-check them with an
 * open tool: one transaction per posted voucher (date, `(记-0001)`, memo), postings on `code name`
 * account paths (parent:child), amounts in CNY with debits positive and credits negative, and the
 * opening balances first. Read in one snapshot, in batches of vouchers, each written (and awaited)
 * before the next is read, so a ledger of any size streams out through a bounded buffer.
 */
@Injectable()
export class HledgerExportService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledgers: LedgersService,
    private readonly repo: ExportsRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  ledgerOf(orgId: string, ledgerId: string) {
    return this.ledgers.get(orgId, ledgerId);
  }

  write(orgId: string, ledgerId: string, range: { from?: string; to?: string }, out: (chunk: string) => Promise<void> | void, progress?: ExportProgress): Promise<ExportStats> {
    return this.tx.snapshot(async () => {
      const ledger = await this.ledgers.get(orgId, ledgerId);
      const from = range.from && range.from > ledger.start_period ? range.from : ledger.start_period;
      const to = range.to ?? '9999-12';
      if (!PERIOD.test(from) || (range.to && !PERIOD.test(range.to))) throw new Error('from/to must be YYYY-MM');
      const org = await this.organizations.get(orgId);
      const byCode = new Map((await this.repo.accounts(orgId, ledgerId)).map((a) => [a.code, a]));
      // Account paths are the same for every line of the ledger: built once per account, not per line.
      const paths = new Map<string, string>();
      const path = (code: string): string => {
        let known = paths.get(code);
        if (known === undefined) {
          const parts: string[] = [];
          for (let a = byCode.get(code); a; a = a.parent_code ? byCode.get(a.parent_code) : undefined) parts.unshift(`${a.code} ${accountPart(a.name)}`);
          known = parts.join(':');
          paths.set(code, known);
        }
        return known;
      };
      const total = progress ? await this.repo.postedVoucherCount(orgId, ledgerId, from, to) : 0;
      await out(`; collective-ledger: ${clean(org.name)} ${clean(ledger.name)}, ${from} — ${range.to ?? 'end'}\n; debits are positive, credits negative; accounts are "code name" paths of the 2023 rural chart\n\ncommodity CNY 1000.00\n\n`);

      // Opening balances: the ledger's, plus everything posted before `from`.
      const opening = await this.repo.openingBefore(orgId, ledgerId, from);
      if (opening.length > 0) {
        await out(`${from}-01 * 期初余额\n${opening.map((o) => posting(path(o.account_code), o.net)).join('')}\n`);
      }

      const stats: ExportStats = { vouchers: 0, lines: 0 };
      await this.repo.openJournalVouchers(orgId, ledgerId, from, to);
      for (;;) {
        const vouchers = await this.repo.nextJournalVouchers(BATCH);
        if (vouchers.length === 0) break;
        const byVoucher = new Map<string, JournalLineRow[]>();
        for (const l of await this.repo.journalLines(orgId, vouchers.map((v) => v.id))) {
          const list = byVoucher.get(l.voucher_id);
          if (list) list.push(l);
          else byVoucher.set(l.voucher_id, [l]);
        }
        let chunk = '';
        for (const v of vouchers) {
          chunk += `${v.date} * (记-${String(v.number).padStart(4, '0')}) ${clean(v.memo)}\n`;
          for (const l of byVoucher.get(v.id) ?? []) {
            chunk += posting(path(l.account_code), l.net, l.memo);
            stats.lines++;
          }
          chunk += '\n';
        }
        stats.vouchers += vouchers.length;
        await out(chunk);
        await progress?.(stats.vouchers, total);
        if (vouchers.length < BATCH) break;
      }
      await this.repo.closeJournalVouchers();
      return stats;
    });
  }
}

/** Names and memos on one line, without the two-space run that ends an hledger account name. */
function clean(text: string): string {
  return text.replace(/[\r\n\t;]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** A segment of an account path: `:` separates hledger's account tree, so a name's own colon becomes `：`. */
function accountPart(name: string): string {
  return clean(name).replace(/:/g, '：');
}

function posting(account: string, net: string, memo?: string | null): string {
  return `    ${account}    CNY ${new Decimal(net).toFixed(2)}${memo ? `  ; ${clean(memo)}` : ''}\n`;
}

