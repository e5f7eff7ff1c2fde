import { Injectable } from '@nestjs/common';
import { LedgersService, VouchersService } from '@app/ledger';
import { WarningVoucherView } from './dto/supervision.dto.js';
import { supervisionError } from './supervision-errors.js';
import { WarningsService } from './warnings.service.js';

/**
 * A warning's drill-down to its subject. The voucher and the names of its accounts come from what
 * the ledger publishes (VouchersService.view, LedgersService.accounts), never from its tables.
 */
@Injectable()
export class DrillDownService {
  constructor(
    private readonly warnings: WarningsService,
    private readonly vouchers: VouchersService,
    private readonly ledgers: LedgersService,
  ) {}

  /** The voucher of a voucher warning (W4), each line's account code with its name ("513 其他支出"). */
  async voucher(orgId: string, warningId: string): Promise<WarningVoucherView> {
    const w = await this.warnings.get(orgId, warningId);
    if (w.subjectType !== 'voucher' || !w.ledgerId) throw supervisionError('WARNING_NOT_FOUND', `Warning ${w.ruleCode} is not about a voucher`, 404);
    const v = await this.vouchers.view(orgId, w.ledgerId, w.subjectId);
    const names = await this.accountNames(orgId, w.ledgerId, new Set(v.lines.map((l) => l.accountCode)));
    return {
      id: v.id,
      ledgerId: v.ledgerId,
      number: v.number,
      date: v.date,
      memo: v.memo,
      status: v.status,
      totalDebit: v.totalDebit,
      totalCredit: v.totalCredit,
      lines: v.lines.map((l) => ({ lineNo: l.lineNo, accountCode: l.accountCode, accountName: names.get(l.accountCode) ?? '', debit: l.debit, credit: l.credit, memo: l.memo })),
    };
  }

  /** The names of the given codes, walking the ledger's chart page by page (in code order) until all are found. */
  private async accountNames(orgId: string, ledgerId: string, codes: Set<string>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.ledgers.accounts(orgId, ledgerId, { limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const a of page.items) if (codes.has(a.code)) names.set(a.code, a.name);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && names.size < codes.size);
    return names;
  }
}
