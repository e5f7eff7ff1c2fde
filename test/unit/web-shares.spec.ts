import { fractionsSumToOne as apiSumsToOne, parseFraction as apiParseFraction, splitByFractions as apiSplit } from '../../libs/shares/src/quantities.js';
import { Decimal, money } from '../../libs/core/src/decimal/decimal.js';
import { formatQuantity, fractionsSumToOne, normalizeQuantity, parseFraction, planGuardRails, splitByFractions, idNumberProblem, sumQuantities } from '../../apps/web/src/lib/shares.js';

/** The console's copies of the register's rules give the API's answers exactly. */
describe('web share helpers', () => {
  it('splits an inheritance exactly as the API does', () => {
    const cases: [string, string[]][] = [
      ['100.0000', ['1/3', '1/3', '1/3']],
      ['10.0000', ['1/2', '1/2']],
      ['1000.0001', ['2/7', '3/7', '2/7']],
      ['0.0003', ['1/2', '1/4', '1/4']],
      ['12345.6789', ['1/6', '1/3', '1/2']],
      ['99999999999999.9999', ['999999998/999999999', '1/999999999']],
    ];
    for (const [total, texts] of cases) {
      const web = texts.map((t) => parseFraction(t)!);
      const api = texts.map((t, i) => apiParseFraction(t, `heirs[${i}].fraction`));
      expect(splitByFractions(total, web)).toEqual(apiSplit(total, api));
      expect(fractionsSumToOne(web)).toBe(apiSumsToOne(api));
      expect(sumQuantities(splitByFractions(total, web))).toBe(total);
    }
    expect(splitByFractions('100.0000', ['1/3', '1/3', '1/3'].map((t) => parseFraction(t)!))).toEqual(['33.3333', '33.3333', '33.3334']);
    expect(fractionsSumToOne(['1/2', '1/3'].map((t) => parseFraction(t)!))).toBe(false);
    for (const bad of ['0', '3/2', '1/0', 'a', '', '0.5']) expect(parseFraction(bad)).toBeNull();
  });

  it('reads quantities as typed and formats them from the string', () => {
    expect(normalizeQuantity('1,000.5')).toBe('1000.5000');
    expect(normalizeQuantity('-3')).toBe('-3.0000');
    expect(normalizeQuantity('1.00001')).toBeNull();
    expect(normalizeQuantity('abc')).toBeNull();
    expect(formatQuantity('1234567.5000')).toBe('1,234,567.5000');
    expect(formatQuantity('-1000.0000')).toBe('-1,000.0000');
  });

  it('checks 身份证 with the API’s rule (GB 11643 check digit)', () => {
    expect(idNumberProblem('441900198001011237')).toBeNull();
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('441900198001011238')).toBe('check digit is wrong');
    expect(idNumberProblem('44190019800101123')).toMatch(/17 digits/);
    expect(idNumberProblem('441900198002301237')).toMatch(/birth date/);
  });

  it('shows the guard rails as the API computes them', () => {
    const cases = [
      { profit: '5000000.00', openingUndistributed: '1000000.00', reservePercent: '30.00' },
      { profit: '-1000.00', openingUndistributed: '5000.00', reservePercent: '10.00' },
      { profit: '333.33', openingUndistributed: '0.00', reservePercent: '12.35' },
      { profit: '0.05', openingUndistributed: '0.00', reservePercent: '50.00' },
    ];
    for (const c of cases) {
      const apiReserve = money(Decimal.max(new Decimal(c.profit), 0).times(c.reservePercent).dividedBy(100));
      const apiDistributable = money(new Decimal(c.profit).minus(apiReserve).plus(c.openingUndistributed));
      const web = planGuardRails({ ...c, minReservePercent: '10.00', totalAmount: null });
      expect([web.reserveAmount, web.distributable]).toEqual([apiReserve, apiDistributable]);
    }
    expect(planGuardRails({ profit: '5000000.00', openingUndistributed: '1000000.00', reservePercent: '30.00', minReservePercent: '10.00', totalAmount: '4500000.01' })).toEqual({
      reserveAmount: '1500000.00',
      distributable: '4500000.00',
      reserveBelowMinimum: false,
      exceedsDistributable: true,
    });
    expect(planGuardRails({ profit: '5000000.00', openingUndistributed: '0.00', reservePercent: '5.00', minReservePercent: '10.00', totalAmount: '1.00' }).reserveBelowMinimum).toBe(true);
  });
});
