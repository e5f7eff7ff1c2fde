/** Share quantities as strings ("3000.0000" → "3,000"; "12.5000" → "12.5"): never through a JS number. */
export function formatQuantity(quantity: string): string {
  const negative = quantity.startsWith('-');
  const [whole, fraction = ''] = (negative ? quantity.slice(1) : quantity).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const kept = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${grouped}${kept ? `.${kept}` : ''}`;
}

/** Weighted units to 4 places, as on the statement ("10.00000000" → "10.0000"), truncating nothing but zeros. */
export function formatUnits(units: string): string {
  const [whole, fraction = ''] = units.split('.');
  const four = (fraction + '0000').slice(0, 4);
  const rest = fraction.slice(4).replace(/0+$/, '');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${four}${rest}`;
}

/** A picked day (the phone's local calendar, i.e. China's) as YYYY-MM-DD. */
export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export function chineseDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${y}年${Number.parseInt(m, 10)}月${Number.parseInt(d, 10)}日`;
}

export const EVENT_TYPES: Record<string, string> = {
  initial_allocation: '配股',
  transfer: '转让',
  gift: '赠与',
  inheritance: '继承',
  purchase: '有偿购股',
  project_investment: '项目入股',
  redemption: '回购退股',
  freeze: '冻结',
  unfreeze: '解冻',
  correction: '更正',
};

export const EVENT_STATUSES: Record<string, string> = {
  pending: '待审批',
  approved: '已审批',
  public_notice: '公示中',
  effective: '已生效',
  rejected: '已驳回',
  cancelled: '已撤销',
  withdrawn: '已撤回',
};
