import { Injectable } from '@nestjs/common';

/** What the books tell whoever listens, inside the writing transaction (the listener's writes commit or roll back with it). */
export interface PeriodClosedEvent {
  orgId: string;
  ledgerId: string;
  period: string;
}

export interface VoucherPostedEvent {
  orgId: string;
  ledgerId: string;
  /** The ledger's kind (public ledgers keep a budget). */
  ledgerKind: string;
  voucherId: string;
  period: string;
  date: string;
  /** 记-0001 */
  number: string;
  memo: string;
  /** The voucher's lines in line order, as posted: a listener needs no read of what was just written. */
  lines: { accountCode: string; debit: string; credit: string; memo: string | null }[];
}

type Listener<E> = (event: E) => Promise<void>;

/**
 * A registry through which a later context reacts to the books without the ledger importing it
 * (the ledger calls `emit…`; supervision registers at module init). Listeners run in order, in the
 * caller's transaction: a failing listener fails the close or the post.
 */
@Injectable()
export class BookHooks {
  private readonly closed: Listener<PeriodClosedEvent>[] = [];
  private readonly posted: Listener<VoucherPostedEvent>[] = [];

  onPeriodClosed(listener: Listener<PeriodClosedEvent>): void {
    this.closed.push(listener);
  }

  onVoucherPosted(listener: Listener<VoucherPostedEvent>): void {
    this.posted.push(listener);
  }

  async emitPeriodClosed(event: PeriodClosedEvent): Promise<void> {
    for (const l of this.closed) await l(event);
  }

  async emitVoucherPosted(event: VoucherPostedEvent): Promise<void> {
    for (const l of this.posted) await l(event);
  }
}
