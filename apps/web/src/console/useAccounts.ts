import { useEffect, useState } from 'react';
import { allPages } from '../api/lists';
import { api, read } from '../api/client';
import type { Account, Page } from '../api/views';

/** The ledger's chart (reloaded when `version` changes, e.g. after adding a sub-account). */
export function useAccounts(orgId: string | undefined, ledgerId: string | undefined, version = 0): Account[] {
  const [accounts, setAccounts] = useState<Account[]>([]);
  useEffect(() => {
    if (!orgId || !ledgerId) return;
    let live = true;
    allPages<Account>((query) => read<Page<Account>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/accounts', { params: { path: { orgId, ledgerId }, query: query as never } })))
      .then((list) => live && setAccounts(list))
      .catch(() => live && setAccounts([]));
    return () => {
      live = false;
    };
  }, [orgId, ledgerId, version]);
  return accounts;
}

/** Leaf accounts matching what was typed: a code prefix, or part of the name. */
export function matchAccounts(accounts: Account[], typed: string, limit = 30): Account[] {
  const q = typed.trim();
  const leaves = accounts.filter((a) => a.leaf);
  if (!q) return leaves.slice(0, limit);
  const code = q.split(/\s/)[0];
  const byCode = /^\d+$/.test(code) ? leaves.filter((a) => a.code.startsWith(code)) : [];
  const byName = leaves.filter((a) => a.name.includes(q) && !byCode.includes(a));
  return [...byCode, ...byName].slice(0, limit);
}
