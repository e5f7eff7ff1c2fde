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
  ASSET_REQUIRED: '该科目（固定资产、累计折旧、固定资产清理）需要选择固定资产卡片',
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
  // 股权 (share register)
  SHAREHOLDER_NOT_FOUND: '找不到该股东',
  SHAREHOLDER_NUMBER_TAKEN: '该股东编号已被使用',
  ID_NUMBER_TAKEN: '该身份证号已登记为本组织的股东',
  INVALID_ID_NUMBER: '身份证号不对（请核对校验位）',
  HOUSEHOLD_NOT_FOUND: '找不到该户',
  HOUSEHOLD_CODE_TAKEN: '该户号已被使用',
  HOUSEHOLD_INVALID: '分户或合户的成员不对',
  SHARE_CLASS_EXISTS: '该股种代码已存在',
  SHARE_CLASS_NOT_FOUND: '找不到该股种',
  SHARE_EVENT_NOT_FOUND: '找不到该股权变动',
  SHARE_EVENT_INVALID: '股权变动的内容不完整或不对',
  SHARE_EVENT_STATE: '该股权变动当前状态下不能这样操作',
  EFFECTIVE_DATE_INVALID: '生效日期不对（最多 90 天以后）',
  INVALID_QUANTITY: '股数格式不对（最多四位小数）',
  INSUFFICIENT_SHARES: '股数不足',
  SHARES_FROZEN: '部分股份已冻结，不能变动',
  FRACTIONS_INVALID: '继承份额不对：每人一个分数，合计必须正好等于 1',
  HOLDER_NOT_ACTIVE: '该股东不是正常状态（已身故或已退出）',
  RECEIVER_NOT_MEMBER: '受让人必须是本组织成员',
  INHERITANCE_FROM_LIVING: '被继承人尚未登记为身故',
  INHERITANCE_INCOMPLETE: '被继承人仍有剩余股份，请重新申请继承',
  NOT_TRANSFERABLE: '该股种不能转让',
  NOT_GIFTABLE: '该股种不能赠与',
  NOT_REDEEMABLE: '章程不允许回购该股种',
  NOT_PROJECT_CLASS: '股种与变动类型不符（项目股请用项目入股）',
  NOT_YET_EFFECTIVE: '尚未到生效日期',
  SELF_APPROVAL: '申请人不能审批自己的申请',
  ALREADY_CORRECTED: '该变动已更正过',
  NOTICE_NOT_ENDED: '公示期尚未结束',
  // 分红 (distribution)
  PLAN_NOT_FOUND: '找不到该分配方案',
  PLAN_EXISTS: '该账套本年度已有分配方案',
  PLAN_INVALID: '分配方案的内容不对',
  PLAN_STATE: '分配方案当前状态下不能这样操作',
  PLAN_NOT_PUBLISHED: '方案尚未公示，请先公示',
  PLAN_EXCEEDS_DISTRIBUTABLE: '分配总额超过可分配收益',
  RESERVE_BELOW_MINIMUM: '公积公益金提取比例低于章程规定的最低比例',
  RECORD_DATE_INVALID: '股权登记日必须是该年度内的日期',
  NO_HOLDINGS: '股权登记日没有任何持股',
  NOTHING_TO_PAY: '没有可发放的红利',
  BATCH_NOT_FOUND: '找不到该发放批次',
  BATCH_STATE: '该发放批次已确认',
  BATCH_STALE: '发放批次已过期，请重新生成',
  STATEMENT_NOT_FOUND: '该股东本年度没有分红结算单',
  // 三资·资产 (fixed assets, resources)
  ASSET_NOT_FOUND: '本账套没有这张固定资产卡片',
  CARD_NO_TAKEN: '该卡片编号已被使用',
  ASSET_MONTH_POSTED: '已计提折旧的月份不能再改动（处置日期不能早于最后计提的月份，已计提后用途、年限、残值率不能再改）',
  ASSET_DISPOSED: '该资产已处置',
  ACQUISITION_INVALID: '取得方式与入账信息不符（残值率须小于 100%；期初卡片填写期初累计折旧和截至月份）',
  SOURCE_VOUCHER_INVALID: '入账凭证不是本账套已记账的凭证',
  UNITS_INVALID: '工作量法的卡片须填写预计总工作量',
  WORKLOAD_INVALID: '工作量只能填写本月需计提的工作量法卡片，每张卡片一次',
  DEPRECIATION_MONTH_RUN: '该月折旧已计提',
  DEPRECIATION_OUT_OF_ORDER: '折旧须按月份顺序计提（请先计提上一个月，已计提的以后月份不能插入）',
  RESOURCE_NOT_FOUND: '找不到该资源',
  RESOURCE_NUMBER_TAKEN: '该资源编号已被使用',
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
