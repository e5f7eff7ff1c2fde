/**
 * The accounts of the 2023 chart (libs/ledger/data) that the system itself posts to or reads by
 * code: the year-end close, the distribution, share purchases and the statutory reports. Every
 * other account is the organization's choice. Named after the chart.
 */
export const SystemAccount = {
  /** 101 库存现金 */
  Cash: '101',
  /** 102 银行存款: the default bank account of share purchases and payment batches */
  Bank: '102',
  /** 112 应收款: rent receivable from outside tenants (contracts put the tenant in the counterparty) */
  Receivables: '112',
  /** 113 内部往来 (counterparty detail) */
  InternalAccounts: '113',
  /** 211 应付款 (counterparty detail) */
  Payables: '211',
  /** 21199 其他应付款: contract deposits (押金) received, per tenant */
  OtherPayables: '21199',
  /** 21101 应付股东红利: the distribution's default payable */
  DividendsPayable: '21101',
  /** 214 应交税费: tax withheld on dividends */
  TaxesPayable: '214',
  /** 301 资本: cash paid in for purchased shares */
  Capital: '301',
  /** 311 公积公益金 */
  Reserve: '311',
  /** 321 本年收益: zero after the year-end close */
  CurrentProfit: '321',
  /** 32202 未分配收益 */
  UndistributedProfit: '32202',
  /** 3220101 提取公积公益金 (各项分配) */
  ReserveAppropriation: '3220101',
  /** 3220102 向成员分配 (各项分配) */
  MemberDistribution: '3220102',
  /** 3220103 其他分配 (各项分配) */
  OtherDistribution: '3220103',
  /** 501 经营收入 … 504 其他收入 */
  OperatingIncome: '501',
  InvestmentIncome: '502',
  SubsidyIncome: '503',
  OtherIncome: '504',
  /** 511 经营支出 … 515 其他支出, 521 所得税费用 */
  OperatingExpense: '511',
  TaxesAndSurcharges: '512',
  AdministrativeExpense: '513',
  PublicWelfareExpense: '514',
  OtherExpense: '515',
  IncomeTax: '521',
} as const;

/** Closed into 321 at year end (SPEC §2.3). */
export const INCOME_ACCOUNTS: readonly string[] = [SystemAccount.OperatingIncome, SystemAccount.InvestmentIncome, SystemAccount.SubsidyIncome, SystemAccount.OtherIncome];
export const EXPENSE_ACCOUNTS: readonly string[] = [
  SystemAccount.OperatingExpense,
  SystemAccount.TaxesAndSurcharges,
  SystemAccount.AdministrativeExpense,
  SystemAccount.PublicWelfareExpense,
  SystemAccount.OtherExpense,
  SystemAccount.IncomeTax,
];
/** Accounts whose lines carry a counterparty (member household or subordinate unit). */
export const COUNTERPARTY_ACCOUNTS: readonly string[] = [SystemAccount.InternalAccounts, SystemAccount.Payables];
/**
 * Accounts whose lines carry a fixed-asset card (SPEC §8: 151 固定资产, 152 累计折旧, 154 固定资产清理,
 * and their sub-accounts). The one place this is decided: a ledger's chart gets `needs_asset` from it,
 * a sub-account inherits its parent's flag, and every later check (draft, posting trigger, the assets
 * reconciliation) reads the flag, never the codes.
 */
export const ASSET_CARD_ACCOUNTS: readonly string[] = ['151', '152', '154'];
