/** The supervision API's answers (libs/supervision dto), as the console reads them. Amounts are decimal strings. */
export interface DashboardRow {
  orgId: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  red: number;
  yellow: number;
  ledgers: { ledgerId: string; name: string; kind: string; closedTo: string | null }[];
  distribution: { fiscalYear: number; status: string } | null;
}

export interface Dashboard {
  townId: string;
  name: string;
  red: number;
  yellow: number;
  organizations: DashboardRow[];
}

export interface Warning {
  id: string;
  orgId: string;
  ruleCode: string;
  ruleName: string;
  ledgerId: string | null;
  period: string;
  subjectType: string;
  subjectId: string;
  subjectLabel: string;
  measured: string;
  threshold: string;
  colour: 'red' | 'yellow' | string;
  firstSeen: string;
  lastSeen: string;
  state: 'open' | 'acknowledged' | 'resolved' | 'dismissed' | string;
  stateReason: string | null;
  stateAt: string | null;
}

export interface Thresholds {
  townId: string;
  params: { param: string; label: string; unit: string; history: { effectiveFrom: string; value: string; setBy: string }[] }[];
}

export interface BudgetLine {
  itemCode: string;
  itemName: string;
  amount: string;
  accounts: string[];
}

export interface BudgetVersion {
  id: string;
  ledgerId: string;
  year: number;
  version: number;
  status: 'draft' | 'approved' | 'superseded' | string;
  reason: string | null;
  approvedAt: string | null;
  total: string;
  lines: BudgetLine[];
}

export interface ExecutionRow {
  itemCode: string;
  itemName: string;
  budget: string;
  adjustedBudget: string;
  monthActual: string;
  ytdActual: string;
  executionPercent: string | null;
  remaining: string;
  overBudget: boolean;
}

export interface Execution {
  period: string;
  version: number;
  rows: ExecutionRow[];
  totals: Pick<ExecutionRow, 'budget' | 'adjustedBudget' | 'monthActual' | 'ytdActual' | 'remaining'>;
  unbudgeted: string;
}

export interface Pack {
  id: string;
  ledgerId: string;
  period: string;
  version: number;
  contentHash: string;
  publishedAt: string;
  superseded: boolean;
}

export interface Objection {
  id: string;
  packId: string;
  lineRef: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
}

export const WARNING_STATE: Record<string, { text: string; color: string }> = {
  open: { text: '未处理', color: 'red' },
  acknowledged: { text: '已确认', color: 'orange' },
  resolved: { text: '已整改', color: 'green' },
  dismissed: { text: '已排除', color: 'default' },
};

export const BUDGET_STATUS: Record<string, { text: string; color: string }> = {
  draft: { text: '草稿', color: 'default' },
  approved: { text: '已批准', color: 'green' },
  superseded: { text: '已被调整', color: 'default' },
};

export const DISTRIBUTION_STATUS: Record<string, string> = {
  draft: '草稿',
  calculated: '已测算',
  public_notice: '公示中',
  approved: '已批准',
  posted: '已入账',
  partly_paid: '部分发放',
  paid: '已发放',
};

/** GET …/warnings/{id}/voucher: a voucher warning's voucher, each line's account with its name. */
export interface WarningVoucher {
  id: string;
  ledgerId: string;
  number: string | null;
  date: string;
  memo: string;
  status: string;
  totalDebit: string;
  totalCredit: string;
  lines: { lineNo: number; accountCode: string; accountName: string; debit: string | null; credit: string | null; memo: string | null }[];
}
