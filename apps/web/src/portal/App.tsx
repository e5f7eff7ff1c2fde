import { Button, NavBar, SafeArea, TabBar } from 'antd-mobile';
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Empty } from './Empty';
import { Loading } from './Loading';
import { LoginPage } from './LoginPage';
import { PAGES } from './pages';
import { PortalAuthProvider, usePortalAuth } from './session';

export function PortalApp() {
  return (
    <PortalAuthProvider>
      <BrowserRouter basename="/m">
        <Gate />
      </BrowserRouter>
    </PortalAuthProvider>
  );
}

function Gate() {
  const { status, logout } = usePortalAuth();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous') return <LoginPage />;
  if (status === 'not-shareholder')
    return (
      <div className="portal-page">
        <Empty title="本账号不是股东账号" description="工作人员请在电脑上使用管理后台。" />
        <Button block color="primary" size="large" onClick={() => window.location.assign('/')}>
          前往管理后台
        </Button>
        <Button block size="large" style={{ marginTop: 12 }} onClick={logout}>
          退出登录
        </Button>
      </div>
    );
  return <Shell />;
}

function Shell() {
  const { logout } = usePortalAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const current = PAGES.find((p) => location.pathname.startsWith(`/${p.path}`)) ?? PAGES[0];
  return (
    <div className="portal-shell">
      <NavBar
        backIcon={false}
        right={
          <a className="portal-logout" onClick={logout}>
            退出
          </a>
        }
      >
        {current.title}
      </NavBar>
      <main className="portal-main">
        <Suspense fallback={<Loading />}>
          <Routes>
            {PAGES.map((p) => (
              <Route key={p.path} path={`/${p.path}`} element={<p.component />} />
            ))}
            <Route path="*" element={<Navigate to={`/${PAGES[0].path}`} replace />} />
          </Routes>
        </Suspense>
      </main>
      <div className="portal-tabs">
        <TabBar activeKey={current.path} onChange={(key) => navigate(`/${key}`)}>
          {PAGES.map((p) => (
            <TabBar.Item key={p.path} title={p.tab} icon={<span className="portal-tab-icon">{p.icon}</span>} />
          ))}
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </div>
  );
}
