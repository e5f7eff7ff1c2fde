/**
 * 公民身份号码 (GB 11643-1999): 17 digits (6 address, 8 birth date, 3 sequence) and a check
 * character computed mod 11 with weights 2^(17-i); 10 is written 'X'.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function idNumberProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return 'must be 17 digits followed by a digit or upper-case X';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return 'birth date (characters 7-14) is not a valid date';
  }
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return 'check digit is wrong';
  return null;
}

/** Shown to everyone but accountants and the holder: 441900********123X. */
export function maskIdNumber(value: string): string {
  return value.length === 18 ? `${value.slice(0, 6)}********${value.slice(14)}` : '******';
}
