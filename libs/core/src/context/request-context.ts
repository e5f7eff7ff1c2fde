import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export type Role = 'accountant' | 'reviewer' | 'cashier' | 'board' | 'supervisor' | 'auditor' | 'shareholder';
export const ROLES: readonly Role[] = ['accountant', 'reviewer', 'cashier', 'board', 'supervisor', 'auditor', 'shareholder'];

export interface Grant {
  orgId: string;
  role: Role;
}

/** The authenticated caller, loaded fresh from the database on every request (revocation is immediate). */
export interface Principal {
  userId: string;
  username: string;
  isAdmin: boolean;
  grants: Grant[];
  shareholderId: string | null;
}

export interface RequestContextStore {
  requestId: string;
  principal: Principal | null;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/** Who is acting and under which request id; read by the audit log and the error filter. */
export const RequestContext = {
  run<T>(store: RequestContextStore, fn: () => T): T {
    return storage.run(store, fn);
  },
  current(): RequestContextStore | undefined {
    return storage.getStore();
  },
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
  principal(): Principal | null {
    return storage.getStore()?.principal ?? null;
  },
  setPrincipal(principal: Principal): void {
    const store = storage.getStore();
    if (store) store.principal = principal;
  },
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Reuses a well-formed incoming X-Request-Id, otherwise makes one; sets it on req.id once. */
export function ensureRequestId(req: { id?: unknown; headers: Record<string, unknown> }): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  return id;
}
