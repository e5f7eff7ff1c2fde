/**
 * The warning rules of SPEC §9 / sanzi-domain.md §4 (W1–W19), each with a code and a version. A
 * rule's thresholds are never constants here: each names its parameters (`params`), whose values are
 * per-town settings with a dated history (warning_thresholds); `defaults` only seed a town that has
 * set nothing, and are shown as such. A rule whose data does not exist yet is listed with
 * `status: 'waiting'` and the data it needs — it never runs on made-up data.
 */
export type RuleStatus = 'active' | 'waiting';

export interface RuleDefinition {
  code: string;
  version: number;
  name: string;
  subject: 'voucher' | 'ledger' | 'budget_line' | 'contract' | 'card' | 'counterparty' | 'plan';
  params: string[];
  status: RuleStatus;
  /** For waiting rules: the data (register, field) it needs before it can run. */
  needs?: string;
  /** When it runs: on posting, on the month close, nightly. */
  runs: string;
}

/**
 * The parameters a town sets (its supervisor, with a date from which each value applies). No value
 * lives in code: a rule whose parameters the town has not set by a date does not run for facts of
 * that date (GET …/warning-rules says so). sanzi-domain.md §4 gives the usual figures (cash limit
 * 5,000 元; budget 90 % / 100 %; disclosure monthly), which the demo seeds as the town's settings.
 */
export const THRESHOLD_PARAMS: Record<string, { label: string; unit: 'yuan' | 'percent' | 'day' | 'days' | 'months' }> = {
  cash_limit: { label: '库存现金限额 (W1)', unit: 'yuan' },
  large_cash_payment: { label: '大额现金支付起点 (W4)', unit: 'yuan' },
  budget_yellow_percent: { label: '预算执行黄色预警比例 (W14)', unit: 'percent' },
  budget_red_percent: { label: '预算执行红色预警比例 (W14, 超过即红)', unit: 'percent' },
  disclosure_due_day: { label: '财务公开截止日 (次月第 N 日, W17)', unit: 'day' },
  close_due_day: { label: '月结截止日 (次月第 N 日, W19)', unit: 'day' },
  contract_expiry_days: { label: '合同到期黄色预警提前天数 (W8)', unit: 'days' },
  contract_expiry_red_days: { label: '合同到期红色预警提前天数 (W8)', unit: 'days' },
  rent_overdue_days: { label: '欠租黄色预警逾期天数 (W9, 超过即预警)', unit: 'days' },
  rent_overdue_red_days: { label: '欠租红色预警逾期天数 (W9, 超过即红)', unit: 'days' },
  trade_required_rent: { label: '须进场交易的年租金 (W10)', unit: 'yuan' },
  stale_balance_months: { label: '长期挂账月数 (W13)', unit: 'months' },
};

export const RULES: readonly RuleDefinition[] = [
  { code: 'W1', version: 1, name: '库存现金超限额', subject: 'ledger', params: ['cash_limit'], status: 'active', runs: 'posting, nightly' },
  { code: 'W2', version: 1, name: '现金未及时存行', subject: 'voucher', params: [], status: 'waiting', needs: 'cash receipts matched to bank deposits (a deposit slip link on the voucher)', runs: 'nightly' },
  { code: 'W3', version: 1, name: '坐支', subject: 'ledger', params: [], status: 'active', runs: 'posting, nightly' },
  { code: 'W4', version: 1, name: '大额现金支付', subject: 'voucher', params: ['large_cash_payment'], status: 'active', runs: 'posting, nightly' },
  { code: 'W5', version: 1, name: '大额支出未经民主程序', subject: 'voucher', params: [], status: 'waiting', needs: 'attachment types on vouchers (会议纪要 / 表决 resolution)', runs: 'posting' },
  { code: 'W6', version: 1, name: '白条入账 / 无原始凭证', subject: 'voucher', params: [], status: 'waiting', needs: 'attachment types on vouchers (invoice / receipt)', runs: 'posting' },
  { code: 'W7', version: 1, name: '非生产性开支超标', subject: 'ledger', params: [], status: 'waiting', needs: 'a mapping of 招待/差旅/会议/通讯/车辆 sub-accounts per town', runs: 'posting' },
  { code: 'W8', version: 1, name: '合同到期', subject: 'contract', params: ['contract_expiry_days', 'contract_expiry_red_days'], status: 'active', runs: 'nightly' },
  { code: 'W9', version: 1, name: '欠租 / 应收逾期', subject: 'contract', params: ['rent_overdue_days', 'rent_overdue_red_days'], status: 'active', runs: 'nightly' },
  { code: 'W10', version: 1, name: '未进场交易', subject: 'contract', params: ['trade_required_rent'], status: 'active', runs: 'nightly' },
  { code: 'W11', version: 1, name: '低于底价 / 低于原租金', subject: 'contract', params: [], status: 'active', runs: 'nightly' },
  { code: 'W12', version: 1, name: '超期履约', subject: 'contract', params: [], status: 'active', runs: 'nightly' },
  { code: 'W13', version: 1, name: '长期挂账', subject: 'counterparty', params: ['stale_balance_months'], status: 'waiting', needs: 'a per-counterparty last-movement date of 112/113/211 published by the ledger', runs: 'nightly' },
  { code: 'W14', version: 1, name: '超预算', subject: 'budget_line', params: ['budget_yellow_percent', 'budget_red_percent'], status: 'active', runs: 'posting, budget, nightly' },
  { code: 'W15', version: 1, name: '超分配 / 借债分红', subject: 'plan', params: [], status: 'waiting', needs: 'the distribution plan figures published by dividends with 201/221 movements of the year', runs: 'nightly' },
  { code: 'W16', version: 1, name: '待处理财产损溢未清', subject: 'ledger', params: [], status: 'active', runs: 'December close, nightly' },
  { code: 'W17', version: 1, name: '财务公开逾期', subject: 'ledger', params: ['disclosure_due_day'], status: 'active', runs: 'nightly' },
  { code: 'W18', version: 1, name: '银行未对账', subject: 'ledger', params: [], status: 'waiting', needs: 'bank statements and 余额调节表 (no register yet)', runs: 'nightly' },
  { code: 'W19', version: 1, name: '会计期未结', subject: 'ledger', params: ['close_due_day'], status: 'active', runs: 'nightly' },
];

export const ruleByCode = (code: string) => RULES.find((r) => r.code === code)!;
