import { Decimal, decimalProblem, money, quantity } from '@app/core';

describe('decimal strings (SPEC §3.1)', () => {
  const money2 = { scale: 2 };

  it.each([
    ['1500000.00', null],
    ['0.01', null],
    ['12', null],
    ['1234.5', null],
  ])('accepts %s', (value, problem) => {
    expect(decimalProblem(value, money2)).toBe(problem);
  });

  it.each([
    ['1.005', 'must have at most 2 decimal places'],
    ['1e3', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['0.1e3', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['１００', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    [' 100', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['+100', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['1,000.00', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['007', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['NaN', 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)'],
    ['-5.00', 'must not be negative'],
    ['0.00', 'must not be zero'],
    ['1234567890123456789', 'must have at most 18 integer digits'],
  ])('rejects %s', (value, problem) => {
    expect(decimalProblem(value, money2)).toBe(problem);
  });

  it('rejects JSON numbers: a float has already lost the cents', () => {
    expect(decimalProblem(100, money2)).toBe('must be a decimal string such as "1234.50"');
    expect(decimalProblem(0.1 + 0.2, money2)).toBe('must be a decimal string such as "1234.50"');
  });

  it('allows negatives and zero only when the rule says so', () => {
    expect(decimalProblem('-5.00', { scale: 2, allowNegative: true })).toBeNull();
    expect(decimalProblem('0', { scale: 2, allowZero: true })).toBeNull();
    expect(decimalProblem('-0.00', { scale: 2, allowNegative: true, allowZero: true })).toBe('must not be negative zero');
  });

  it('keeps 40 significant digits and formats with fixed scale', () => {
    const big = new Decimal('999999999999999999.99').times('3').dividedBy('7');
    expect(money(big)).toBe('428571428571428571.42');
    expect(money('0.005')).toBe('0.01');
    expect(money('2.5')).toBe('2.50');
    expect(quantity(new Decimal('10').dividedBy(3))).toBe('3.3333');
    expect(new Decimal('0.1').plus('0.2').toFixed(2)).toBe('0.30');
  });
});
