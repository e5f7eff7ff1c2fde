import { amountInWords, formatMoney, normalizeAmount, sumAmounts } from '../../apps/web/src/lib/money.js';
import { todayInShanghai } from '../../apps/web/src/lib/dates.js';

/** The console's money helpers (apps/web/src/lib): decimal strings in, exact text out. */
describe('web money', () => {
  it.each([
    ['0.05', '人民币伍分'],
    ['10.00', '人民币壹拾元整'],
    ['1000000.00', '人民币壹佰万元整'],
    ['20000.00', '人民币贰万元整'],
    ['10010.10', '人民币壹万零壹拾元壹角整'],
    ['100.05', '人民币壹佰元零伍分'],
    ['1500.50', '人民币壹仟伍佰元伍角整'],
    ['15000.50', '人民币壹万伍仟元伍角整'],
    ['0.00', '人民币零元整'],
  ])('大写 of %s is %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('formats the string itself with zh-CN grouping, beyond a double’s precision', () => {
    expect(formatMoney('1234567.5')).toBe('1,234,567.50');
    expect(formatMoney('0.05')).toBe('0.05');
    expect(formatMoney('90071992547409.99')).toBe('90,071,992,547,409.99');
    expect(formatMoney(null)).toBe('');
  });

  it('sums in 分 and normalizes what is typed', () => {
    expect(sumAmounts(['0.10', '0.20', null, '1,000.05'.replace(',', '')])).toBe('1000.35');
    expect(sumAmounts(Array(10).fill('0.10'))).toBe('1.00');
    expect(normalizeAmount('1,500.5')).toBe('1500.50');
    expect(normalizeAmount(' 20000 ')).toBe('20000.00');
    expect(normalizeAmount('1.234')).toBeNull();
    expect(normalizeAmount('-5')).toBeNull();
    expect(normalizeAmount('abc')).toBeNull();
  });

  it('dates are Shanghai’s: 16:30 UTC on 31 December is already the next year there', () => {
    expect(todayInShanghai(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
    expect(todayInShanghai(new Date('2024-12-31T15:59:00Z'))).toBe('2024-12-31');
  });
});
