import { formatUnits, nextMonth, normalizeUnits, percentToRate, rateToPercent, rentOn } from '../../apps/web/src/console/pages/assets/common.js';

/** The 三资·资产 screens' helpers (apps/web/src/console/pages/assets/common.ts): strings in, strings out, no JS number. */
describe('web assets helpers', () => {
  it.each([
    ['120.5', '120.5000'],
    [' 1,200.25 ', '1200.2500'],
    ['80', '80.0000'],
    ['0', '0.0000'],
    ['007.1', '7.1000'],
    ['80．5', '80.5000'],
    ['99999999999999.9999', '99999999999999.9999'],
  ])('a workload typed %j is sent as %s', (typed, units) => {
    expect(normalizeUnits(typed)).toBe(units);
  });

  it.each(['', '-1', '1.00001', '1e3', 'abc', '1.2.3', '.5', '123456789012345'])('a workload typed %j is refused', (typed) => {
    expect(normalizeUnits(typed)).toBeNull();
  });

  it('shows units from the string, grouped, trailing zeros dropped', () => {
    expect(formatUnits('10000.0000')).toBe('10,000');
    expect(formatUnits('120.5000')).toBe('120.5');
    expect(formatUnits('9879.1234')).toBe('9,879.1234');
    expect(formatUnits('99999999999999.9999')).toBe('99,999,999,999,999.9999');
    expect(formatUnits(null)).toBe('');
  });

  it('picks the monthly rent of the bill holding the day (递增), the nearest bill outside the term, the first-year rent without a schedule', () => {
    const schedule = [
      { periodStart: '2024-01-01', periodEnd: '2024-12-31', monthlyAmount: '12000.00' },
      { periodStart: '2025-01-01', periodEnd: '2025-12-31', monthlyAmount: '12600.00' },
    ];
    expect(rentOn(schedule, '2024-06-15', '12000.00')).toBe('12000.00');
    expect(rentOn(schedule, '2025-01-01', '12000.00')).toBe('12600.00');
    expect(rentOn(schedule, '2023-12-31', '12000.00')).toBe('12000.00');
    expect(rentOn(schedule, '2026-03-01', '12000.00')).toBe('12600.00');
    expect(rentOn([], '2024-06-15', '8000.00')).toBe('8000.00');
  });

  it('moves the point of a salvage rate on the string, and steps months', () => {
    expect(percentToRate('5')).toBe('0.0500');
    expect(percentToRate('5.5 %')).toBe('0.0550');
    expect(percentToRate('100')).toBeNull();
    expect(rateToPercent('0.0500')).toBe('5.00%');
    expect(nextMonth('2024-12')).toBe('2025-01');
    expect(nextMonth('2024-02')).toBe('2024-03');
  });
});
