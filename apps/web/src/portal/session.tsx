import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onSessionExpired, read, setToken } from '../api/client';
import { errorText } from '../api/errors';
import type { LoginResult, Me } from '../api/views';

const TOKEN_KEY = 'cl.portal.token';

/** The portal is for shareholders: a login linked to a shareholder with a `shareholder` grant. */
export function isShareholder(me: Me): boolean {
  return me.shareholderId !== null && me.grants.some((g) => g.role === 'shareholder');
}

interface PortalAuth {
  status: 'loading' | 'anonymous' | 'ready' | 'not-shareholder';
  me: Me | null;
  notice: string | null;
  login(username: string, password: string): Promise<void>;
  logout(): void;
}

const Context = createContext<PortalAuth | null>(null);

export function PortalAuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<PortalAuth['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const end = useCallback((message: string | null) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setMe(null);
    setNotice(message);
    setStatus('anonymous');
  }, []);

  const start = useCallback(async (token: string) => {
    setToken(token);
    const who = await read<Me>(api.GET('/api/v1/me'));
    setMe(who);
    setNotice(null);
    setStatus(isShareholder(who) ? 'ready' : 'not-shareholder');
  }, []);

  useEffect(() => {
    onSessionExpired(() => end('登录已过期，请重新登录'));
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (!saved) {
      setStatus('anonymous');
      return;
    }
    start(saved).catch((error: unknown) => end(errorText(error)));
  }, [end, start]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await read<LoginResult>(api.POST('/api/v1/auth/login', { body: { username, password } }));
      sessionStorage.setItem(TOKEN_KEY, result.accessToken);
      await start(result.accessToken);
    },
    [start],
  );

  const logout = useCallback(() => end(null), [end]);

  return <Context.Provider value={{ status, me, notice, login, logout }}>{children}</Context.Provider>;
}

export function usePortalAuth(): PortalAuth {
  const value = useContext(Context);
  if (!value) throw new Error('usePortalAuth outside PortalAuthProvider');
  return value;
}
