import nzh from 'nzh/cn';

/**
 * Amounts in the browser stay decimal strings, as the API sends them (SPEC §10). Sums are done in
 * integer 分 (BigInt), never in a JS number; display goes through Intl on the string itself.
 */
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;

/** "1,500.5" or " 1500.50 " as typed → "1500.50"; null when it is not a plain non-negative amount. */
export function normalizeAmount(typed: string): string | null {
  const text = typed.replace(/[,，\s]/g, '');
  if (text === '' || !AMOUNT.test(text)) return null;
  return fromCents(toCents(text));
}

/** A decimal string with at most 2 places (possibly negative) → 分. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const cents = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function sumAmounts(amounts: readonly (string | null | undefined)[]): string {
  let total = 0n;
  for (const a of amounts) if (a) total += toCents(a);
  return fromCents(total);
}

const MONEY = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "1234567.5" → "1,234,567.50", formatted from the string (a number would lose 分 beyond 2^53). */
export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '';
  return MONEY.format(amount as Intl.StringNumericLiteral);
}

/** 大写 of an amount as written on a voucher: "20000.00" → "人民币贰万元整". */
export function amountInWords(amount: string): string {
  const cents = toCents(amount);
  if (cents === 0n) return '人民币零元整';
  const words = nzh.toMoney(fromCents(cents < 0n ? -cents : cents), { forceZheng: true });
  return cents < 0n ? words.replace('人民币', '人民币负') : words;
}
