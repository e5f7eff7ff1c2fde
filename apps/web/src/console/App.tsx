import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { LoginPage } from './pages/LoginPage';
import { hasSavedSession, useAuth } from './session';

// The first screen is the login: the console's frame (menu, organization switcher, the areas'
// screens) loads after it, so the login carries only what it shows (bench/web-bundle.mjs).
const loadShell = () => import('./Shell');
const Shell = lazy(loadShell);
const NoConsole = lazy(() => loadShell().then((m) => ({ default: m.NoConsole })));
// A session kept from earlier (a reload, a deep link) fetches the frame while /me is asked.
if (hasSavedSession()) void loadShell();

export function ConsoleApp() {
  const { status } = useAuth();
  if (status === 'loading') return <Spin style={{ display: 'block', marginTop: 120 }} />;
  if (status === 'anonymous') return <LoginPage />;
  return <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} />}>{status === 'no-console' ? <NoConsole /> : <Shell />}</Suspense>;
}


