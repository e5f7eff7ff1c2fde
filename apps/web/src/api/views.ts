/** Shapes of the API's answers the console reads (the routes declare no response schema yet). */
export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface Me {
  id: string;
  username: string;
  isAdmin: boolean;
  shareholderId: string | null;
  grants: { orgId: string; role: string }[];
}

export interface Organization {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
}

export interface Ledger {
  id: string;
  name: string;
  kind: string;
  chart: string;
  startPeriod: string;
}

export interface Account {
  code: string;
  name: string;
  category: string;
  normalSide: string;
  contra: boolean;
  parentCode: string | null;
  leaf: boolean;
  needsCounterparty: boolean;
  /** Lines on it carry a fixed-asset card (151/152/154 and their sub-accounts). */
  needsAsset: boolean;
}

export interface VoucherLine {
  lineNo: number;
  accountCode: string;
  debit: string | null;
  credit: string | null;
  memo: string | null;
  shareholderId: string | null;
  householdId: string | null;
  counterparty: string | null;
  /** The fixed-asset card of a line on 151/152/154. */
  assetId: string | null;
}

export interface Voucher {
  id: string;
  ledgerId: string;
  date: string;
  period: string;
  memo: string;
  attachments: number;
  status: 'draft' | 'reviewed' | 'posted' | string;
  number: string | null;
  source: string;
  reversesId: string | null;
  reversedById: string | null;
  preparedBy: string | null;
  reviewedBy: string | null;
  postedBy: string | null;
  totalDebit: string;
  totalCredit: string;
  lines: VoucherLine[];
}

export interface Period {
  period: string;
  status: string;
  vouchers: number;
  closedAt: string | null;
}

export interface TrialBalanceRow {
  code: string;
  name: string;
  level: number;
  leaf: boolean;
  openingDebit: string;
  openingCredit: string;
  debit: string;
  credit: string;
  ytdDebit: string;
  ytdCredit: string;
  closingDebit: string;
  closingCredit: string;
}

export interface TrialBalance {
  from: string;
  to: string;
  rows: TrialBalanceRow[];
  totals: Omit<TrialBalanceRow, 'code' | 'name' | 'level' | 'leaf'>;
  balanced: boolean;
}

export interface Job {
  id: string;
  state: string;
  progress: number;
  result: unknown;
  failedReason: string | null;
}

export interface AuditItem {
  id: string;
  at: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: string | null;
  problems: { id?: string; kind?: string; [key: string]: unknown }[];
}

/** A page of a list route: `{items, nextCursor}` (?limit=&cursor=). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
