/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V);
 * characters 3-8 are the administrative division code; the 18th is a check character, mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Returns why the code is invalid, or null when it is valid. Lowercase is not accepted. */
export function creditCodeProblem(code: unknown): string | null {
  if (typeof code !== 'string') return 'must be a string';
  if (code.length !== 18) return 'must be 18 characters';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return 'may only contain digits and upper-case letters other than I, O, Z, S, V';
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return 'characters 3-8 must be the administrative division code (digits)';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return 'check character is wrong';
  return null;
}
