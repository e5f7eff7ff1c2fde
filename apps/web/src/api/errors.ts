/** The API's stable refusal codes in words a village accountant reads (SPEC §5 error shape). */
const MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: '填写的内容不完整或格式不对',
  INVALID_DECIMAL: '金额格式不对',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码不对',
  FORBIDDEN: '您没有这项操作的权限',
  NOT_FOUND: '找不到要操作的内容',
  ORG_NOT_FOUND: '找不到该组织',
  JOB_NOT_FOUND: '找不到该任务',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  CONFLICT: '数据已被他人修改，请刷新后重试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '系统出错，请联系管理员',
  LEDGER_NOT_FOUND: '找不到该账套',
  CONTRACT_NOT_FOUND: '找不到该合同',
  CONTRACT_INVALID: '合同内容不完整或不正确',
  CONTRACT_TERM_INVALID: '合同期限按整月：起始日为某月1日，到期日为某月最后一天',
  CONTRACT_STATE: '合同当前状态不允许这项操作',
  CONTRACT_ALREADY_RENEWED: '该合同已续签过',
  INVALID_ID_NUMBER: '身份证号码不正确（校验位不对）',
  INVALID_CREDIT_CODE: '统一社会信用代码不正确（校验位不对）',
  RECEIPT_EXCEEDS_DUE: '收款金额超过已计提未收的租金',
  NOTHING_DUE: '该合同没有已计提未收的租金',
  DEPOSIT_STATE: '押金已收过或不能退还',
  TRADE_NOT_FOUND: '找不到该交易',
  TRADE_CLOSED: '交易已结束（成交或流标），不能再修改',
  BIDDER_NOT_FOUND: '该竞买人未登记',
  BID_BELOW_RESERVE: '报价低于底价',
  BID_TOO_LOW: '报价低于上一次报价加加价幅度',
  NO_BIDS: '没有报价，只能流标',
  ACCOUNT_NOT_FOUND: '科目不存在',
  ACCOUNT_NOT_LEAF: '只能使用末级科目记账',
  ACCOUNT_CODE_INVALID: '科目编码不符合规则（上级编码后加两位数字）',
  ACCOUNT_EXISTS: '该科目编码已存在',
  ACCOUNT_IN_USE: '该科目已有发生额，不能增加下级科目',
  COUNTERPARTY_REQUIRED: '该科目需要填写往来单位、股东或农户',
  INVALID_AMOUNT: '金额格式不对（正数，最多两位小数）',
  LINE_BOTH_SIDES: '一行只能填借方或贷方之一',
  LINE_NO_AMOUNT: '这一行没有金额',
  VOUCHER_UNBALANCED: '借贷不平衡：借方合计与贷方合计不相等',
  VOUCHER_TOO_FEW_LINES: '凭证至少需要两行分录',
  VOUCHER_NOT_FOUND: '找不到该凭证',
  VOUCHER_NOT_DRAFT: '只有草稿凭证可以修改或审核',
  VOUCHER_NOT_REVIEWED: '凭证尚未审核，不能记账',
  VOUCHER_ALREADY_POSTED: '凭证已记账',
  VOUCHER_NOT_POSTED: '凭证尚未记账，不能冲销',
  VOUCHER_ALREADY_REVERSED: '该凭证已被冲销',
  VOUCHER_IS_REVERSAL: '冲销凭证不能再冲销',
  REVIEWER_IS_PREPARER: '审核人不能是制单人本人',
  INVALID_DATE: '日期不对',
  DATE_OUTSIDE_LEDGER: '日期不在本账套的会计期间内',
  PERIOD_CLOSED: '该月份已结账，不能再记账',
  PERIOD_INVALID: '会计期间不对',
  PERIOD_PREVIOUS_OPEN: '上月尚未结账，请先结上月',
  PERIOD_HAS_UNPOSTED: '本月还有未记账的凭证（草稿或已审核），请先记账或删除',
  PERIOD_NOT_CLOSED: '该月份尚未结账',
  PERIOD_LATER_CLOSED: '以后的月份已结账，请先反结账以后的月份',
  YEAR_CLOSED: '该年度已年结，不能再修改',
  YEAR_END_NOT_DONE: '12 月结账前请先做年终结转（结转本年收入、支出和收益）',
  OPENING_UNBALANCED: '期初余额借贷不平衡',
  OPENING_LOCKED: '已有记账凭证，期初余额不能再修改',
  EXPORT_NOT_READY: '导出尚未完成',
};

export interface ApiProblem {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: ApiProblem) {
    super(chineseMessage(problem));
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }

  /** The voucher line a refusal concerns ("lines[2]" → 2), when it names one. */
  get lineIndex(): number | null {
    const details = this.problem.details;
    const fields = Array.isArray(details) ? details.map((d) => (d as { field?: unknown }).field) : [(details as { field?: unknown } | undefined)?.field];
    for (const field of fields) {
      const m = typeof field === 'string' ? /lines\[(\d+)\]/.exec(field) : null;
      if (m) return Number.parseInt(m[1], 10);
    }
    const m = /lines\[(\d+)\]/.exec(this.problem.message);
    return m ? Number.parseInt(m[1], 10) : null;
  }
}

export function chineseMessage(problem: Pick<ApiProblem, 'code' | 'statusCode'>): string {
  return MESSAGES[problem.code] ?? (problem.statusCode === 403 ? MESSAGES.FORBIDDEN : `操作未完成（${problem.code}）`);
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '无法连接服务器，请检查网络后重试';
}
