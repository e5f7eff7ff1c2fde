/** The JSON of the ledger reports (libs/ledger/src/ledger-reports.service.ts); amounts are decimal strings. */
export interface JournalEntry {
  date: string;
  period: string;
  number: string;
  voucherId: string;
  memo: string;
  accountCode: string;
  accountName: string;
  debit: string;
  credit: string;
  direction?: string;
  balance?: string;
  counterparty?: string | null;
}

export interface Balance {
  direction: string;
  balance: string;
}

export interface Journal {
  from: string;
  to: string;
  entries: JournalEntry[];
}

export interface GeneralLedger {
  from: string;
  to: string;
  rows: { code: string; name: string; period: string; summary: string; debit: string; credit: string; direction: string; balance: string }[];
}

export interface SubsidiaryLedger {
  account: { code: string; name: string };
  dimension: { name: string; value: string } | null;
  from: string;
  to: string;
  opening: Balance;
  entries: JournalEntry[];
  closing: Balance;
}

export interface CashJournal extends SubsidiaryLedger {
  dailyTotals: (Balance & { date: string; debit: string; credit: string; summary: string })[];
}

export interface BalanceSheet {
  title: string;
  period: string;
  rows: { id: string; name: string; beginning: string; ending: string }[];
  balanced: boolean;
}

export interface IncomeStatement {
  year: string;
  rows: { line: string; name: string; amount: string }[];
}
