import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, onSessionExpired, read, setToken } from '../api/client';
import { errorText } from '../api/errors';
import type { Ledger, LoginResult, Me, Organization, Page } from '../api/views';
import { allPages } from '../api/lists';
import { Permission, ROLE_PERMISSIONS } from '../../../../libs/auth/src/permissions';
import type { Role } from '../shims/app-core';

export { Permission };
export type PermissionName = (typeof Permission)[keyof typeof Permission];

const TOKEN_KEY = 'cl.console.token';
const ORG_KEY = 'cl.console.org';

/** Whether a login of this tab is kept (the console then opens past the login screen). */
export const hasSavedSession = () => sessionStorage.getItem(TOKEN_KEY) !== null;

/** An organization the user may work on, with the roles their grants give there (a grant covers the organizations below it). */
export interface OrgChoice extends Organization {
  roles: Role[];
}

const ROLE_NAMES: Record<Role, string> = {
  accountant: '会计',
  reviewer: '审核员',
  cashier: '出纳',
  board: '理事会',
  supervisor: '农办/监委会',
  auditor: '审计',
  shareholder: '股东',
};

export const roleName = (role: Role) => ROLE_NAMES[role];

/** Console users are the staff (SPEC §10): a shareholder's only screen is the portal. */
const CONSOLE_ROLES: Role[] = ['accountant', 'reviewer', 'cashier', 'board', 'supervisor', 'auditor'];

export function orgChoices(me: Me, orgs: Organization[]): OrgChoice[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return orgs
    .map((org) => {
      const roles = new Set<Role>();
      for (let at: Organization | undefined = org; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
        for (const g of me.grants) if (g.orgId === at.id) roles.add(g.role as Role);
      }
      return { ...org, roles: [...roles].filter((r) => CONSOLE_ROLES.includes(r)) };
    })
    .filter((o) => o.roles.length > 0);
}

interface Session {
  me: Me;
  orgs: OrgChoice[];
  org: OrgChoice;
  ledgers: Ledger[];
  ledger: Ledger | null;
  selectOrg(id: string): void;
  selectLedger(id: string): void;
  can(permission: PermissionName): boolean;
  logout(): void;
}

interface AuthState {
  status: 'loading' | 'anonymous' | 'ready' | 'no-console';
  notice: string | null;
  session: Session | null;
  login(username: string, password: string): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

const ledgersOf = (orgId: string) =>
  allPages<Ledger>((query) => read<Page<Ledger>>(api.GET('/api/v1/orgs/{orgId}/ledgers', { params: { path: { orgId }, query: query as never } })));

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthState['status']>('loading');
  const [notice, setNotice] = useState<string | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [orgs, setOrgs] = useState<OrgChoice[]>([]);
  const [orgId, setOrgId] = useState<string | null>(sessionStorage.getItem(ORG_KEY));
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [ledgerId, setLedgerId] = useState<string | null>(null);
  // A kept session asks for its organization's ledgers together with /me and /orgs (a reload or a deep link).
  const prefetched = useRef<{ orgId: string; ledgers: Promise<Ledger[] | null> } | null>(null);

  const end = useCallback((message: string | null) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setMe(null);
    setOrgs([]);
    setLedgers([]);
    setNotice(message);
    setStatus('anonymous');
  }, []);

  const start = useCallback(async () => {
    // Both at once: the console's first screen waits on them.
    const [who, visible] = await Promise.all([
      read<Me>(api.GET('/api/v1/me')),
      allPages<Organization>((query) => read<Page<Organization>>(api.GET('/api/v1/orgs', { params: { query: query as never } }))),
    ]);
    const choices = orgChoices(who, visible);
    setMe(who);
    setOrgs(choices);
    if (choices.length === 0) {
      setStatus('no-console');
      return;
    }
    setOrgId((current) => (current && choices.some((c) => c.id === current) ? current : choices[0].id));
    setStatus('ready');
  }, []);

  useEffect(() => {
    onSessionExpired(() => end('登录已过期，请重新登录'));
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (!saved) {
      setStatus('anonymous');
      return;
    }
    setToken(saved);
    const savedOrg = sessionStorage.getItem(ORG_KEY);
    if (savedOrg) prefetched.current = { orgId: savedOrg, ledgers: ledgersOf(savedOrg).catch(() => null) };
    // A token kept from earlier that no longer works has expired.
    start().catch(() => end('登录已过期，请重新登录'));
  }, [end, start]);

  useEffect(() => {
    if (!orgId || status !== 'ready') return;
    sessionStorage.setItem(ORG_KEY, orgId);
    const org = orgs.find((o) => o.id === orgId);
    if (!org || !org.roles.some((r) => ROLE_PERMISSIONS[r].includes(Permission.BooksRead))) {
      setLedgers([]);
      setLedgerId(null);
      return;
    }
    const early = prefetched.current?.orgId === orgId ? prefetched.current.ledgers : null;
    prefetched.current = null;
    (early ? early.then((list) => list ?? ledgersOf(orgId)) : ledgersOf(orgId))
      .then((list) => {
        setLedgers(list);
        setLedgerId(list.find((l) => l.kind === 'collective')?.id ?? list[0]?.id ?? null);
      })
      .catch(() => setLedgers([]));
  }, [orgId, orgs, status]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await read<LoginResult>(api.POST('/api/v1/auth/login', { body: { username, password } }));
      sessionStorage.setItem(TOKEN_KEY, result.accessToken);
      setToken(result.accessToken);
      setNotice(null);
      try {
        await start();
      } catch (error) {
        end(errorText(error));
      }
    },
    [end, start],
  );

  const session = useMemo<Session | null>(() => {
    const org = orgs.find((o) => o.id === orgId);
    if (!me || !org) return null;
    const permissions = new Set(org.roles.flatMap((r) => ROLE_PERMISSIONS[r]));
    return {
      me,
      orgs,
      org,
      ledgers,
      ledger: ledgers.find((l) => l.id === ledgerId) ?? null,
      selectOrg: setOrgId,
      selectLedger: setLedgerId,
      can: (p) => permissions.has(p),
      logout: () => end('您已退出登录'),
    };
  }, [me, orgs, orgId, ledgers, ledgerId, end]);

  const value = useMemo<AuthState>(() => ({ status, notice, session, login }), [status, notice, session, login]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in session of a console screen (rendered only once there is one). */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}

/** The ledger a books screen works on, with the org it belongs to. */
export function useBooks(): { orgId: string; ledger: Ledger } | null {
  const s = useSession();
  const orgId = s.org.id;
  const ledger = s.ledger;
  // Stable between renders: screens load in effects that depend on it.
  return useMemo(() => (ledger ? { orgId, ledger } : null), [orgId, ledger]);
}
