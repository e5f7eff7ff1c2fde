import { useCallback, useRef } from 'react';
import { api, read } from '../api/client';
import { allPages } from '../api/lists';
import type { components } from '../api/schema';
import type { Page } from '../api/views';

export type Shareholder = components['schemas']['ShareholderView'];
export type Household = components['schemas']['HouseholdView'];

/** A voucher line's (or a 明细账's) dimension: a counterparty by name, or a shareholder or household of the register by id. */
export type Dimension = { kind: 'counterparty'; value: string; label: string } | { kind: 'shareholder'; value: string; label: string } | { kind: 'household'; value: string; label: string };

export const DIMENSION_NAMES = { counterparty: '往来单位', shareholder: '股东', household: '农户' } as const;

export const shareholderLabel = (s: Pick<Shareholder, 'number' | 'name'>) => `股东 ${s.name}（${s.number}）`;
export const householdLabel = (h: Pick<Household, 'code'>, head?: string) => `农户 户号${h.code}${head ? `（户主 ${head}）` : ''}`;

/**
 * The register's people for a picker: shareholders found by the register's own search (name or
 * shareholder number, `?q=`), households by 户号 (the list has no search: read whole, filtered here)
 * or by a member's name. Only used where the role may read the register (SharesRead).
 */
export function useRegisterSearch(orgId: string | undefined, enabled: boolean) {
  // The households are read once, on the first search (not when a screen merely opens).
  const households = useRef<{ orgId: string; list: Promise<Household[]> } | null>(null);
  const names = useRef(new Map<string, string>());

  // Stable per organization: the pickers search again only when what was typed changes.
  return useCallback(
    async (typed: string): Promise<Dimension[]> => {
      const q = typed.trim();
      if (!orgId || !enabled || !q) return [];
      if (households.current?.orgId !== orgId) {
        const list = allPages<Household>((query) => read<Page<Household>>(api.GET('/api/v1/orgs/{orgId}/households', { params: { path: { orgId }, query: query as never } }))).catch(() => []);
        households.current = { orgId, list };
      }
      const [page, all] = await Promise.all([
        read<Page<Shareholder>>(api.GET('/api/v1/orgs/{orgId}/shareholders', { params: { path: { orgId }, query: { q, limit: 10 } as never } })).catch(() => ({ items: [] as Shareholder[], nextCursor: null })),
        households.current.list,
      ]);
      for (const s of page.items) names.current.set(s.id, s.name);
      const byMember = new Set(page.items.map((s) => s.householdId).filter((id): id is string => !!id));
      const found = all.filter((h) => h.code.includes(q) || byMember.has(h.id)).slice(0, 10);
      return [
        ...page.items.map((s) => ({ kind: 'shareholder' as const, value: s.id, label: shareholderLabel(s) })),
        ...found.map((h) => ({ kind: 'household' as const, value: h.id, label: householdLabel(h, h.head_shareholder_id ? names.current.get(h.head_shareholder_id) : undefined) })),
      ];
    },
    [orgId, enabled],
  );
}
