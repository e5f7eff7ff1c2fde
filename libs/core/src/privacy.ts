import type { Principal } from './context/request-context.js';
import { maskIdNumber } from './validation/id-number.js';

/**
 * Who sees personal data (身份证, bank account) whole, and how everyone else sees it. One rule for the
 * register, its exports and the audit log: the organization's own accountants see it whole; auditors,
 * supervisors, the board and the rest see it masked (the holder's own view is handled by /me).
 */
export const revealsPersonalData = (p: Principal, orgId: string): boolean => p.grants.some((g) => g.orgId === orgId && g.role === 'accountant');

export const maskBankAccount = (value: string): string => `****${value.slice(-4)}`;

const MASKS: Record<string, (value: string) => string> = {
  idNumber: maskIdNumber,
  id_number: maskIdNumber,
  bankAccount: maskBankAccount,
  bank_account: maskBankAccount,
};

/** A copy of a JSON value (an audit payload) with every personal-data field masked, at any depth. */
export function maskPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' && MASKS[k] ? MASKS[k](v) : maskPersonalData(v)]),
  );
}
