import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { LoginPage } from './pages/LoginPage';
import { useAuth } from './session';

// The first screen is the login: the console's frame (menu, organization switcher, the areas'
// screens) loads after it, so the login carries only what it shows (bench/web-bundle.mjs).
const Shell = lazy(() => import('./Shell'));
const NoConsole = lazy(() => import('./Shell').then((m) => ({ default: m.NoConsole })));

export function ConsoleApp() {
  const { status } = useAuth();
  if (status === 'loading') return <Spin style={{ display: 'block', marginTop: 120 }} />;
  if (status === 'anonymous') return <LoginPage />;
  return <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} />}>{status === 'no-console' ? <NoConsole /> : <Shell />}</Suspense>;
}


