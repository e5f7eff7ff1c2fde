import { creditCodeProblem, idNumberProblem, maskIdNumber } from '@app/core';

describe('统一社会信用代码 (GB 32100)', () => {
  it.each(['91350100M000100Y43', 'N2441900MA0000001F', '11441900MB2C00001M'])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it.each([
    ['N2441900MA0000001G', 'check character is wrong'],
    ['N2441900MA000001F', 'must be 18 characters'],
    ['n2441900ma0000001f', 'may only contain digits and upper-case letters other than I, O, Z, S, V'],
    ['N2441900MA000000IF', 'may only contain digits and upper-case letters other than I, O, Z, S, V'],
    ['N2A41900MA0000001F', 'characters 3-8 must be the administrative division code (digits)'],
  ])('rejects %s: %s', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });
});

describe('公民身份号码 (GB 11643)', () => {
  it.each(['441900198001011237', '441900199002150022', '441900197512314569', '11010519491231002X'])('accepts %s', (id) => {
    expect(idNumberProblem(id)).toBeNull();
  });

  it.each([
    ['441900198001011238', 'check digit is wrong'],
    ['44190019800101123', 'must be 17 digits followed by a digit or upper-case X'],
    ['11010519491231002x', 'must be 17 digits followed by a digit or upper-case X'],
    ['441900198002301234', 'birth date (characters 7-14) is not a valid date'],
  ])('rejects %s: %s', (id, problem) => {
    expect(idNumberProblem(id)).toBe(problem);
  });

  it('masks all but the region and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});
