import { Alert, Button, Layout, Menu, Result, Select, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { LoginPage } from './pages/LoginPage';
import { Permission, roleName, useAuth, useSession, type PermissionName } from './session';

// Screens other than the login load on demand: the first screen carries only what it shows.
const VoucherEntryPage = lazy(() => import('./pages/VoucherEntryPage'));
const VoucherListPage = lazy(() => import('./pages/VoucherListPage'));
const PeriodsPage = lazy(() => import('./pages/PeriodsPage'));
const ReportsPage = lazy(() => import('./pages/ReportsPage'));
const AccountsPage = lazy(() => import('./pages/AccountsPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));

interface Screen {
  path: string;
  label: string;
  permission: PermissionName;
  element: ReactNode;
}

const SCREENS: Screen[] = [
  { path: '/vouchers/new', label: '凭证录入', permission: Permission.VoucherDraft, element: <VoucherEntryPage /> },
  { path: '/vouchers', label: '凭证列表', permission: Permission.BooksRead, element: <VoucherListPage /> },
  { path: '/accounts', label: '科目与期初', permission: Permission.BooksRead, element: <AccountsPage /> },
  { path: '/periods', label: '结账', permission: Permission.BooksRead, element: <PeriodsPage /> },
  { path: '/reports', label: '报表', permission: Permission.BooksRead, element: <ReportsPage /> },
  { path: '/audit', label: '审计', permission: Permission.AuditRead, element: <AuditPage /> },
];

export function ConsoleApp() {
  const { status } = useAuth();
  if (status === 'loading') return <Spin style={{ display: 'block', marginTop: 120 }} />;
  if (status === 'anonymous') return <LoginPage />;
  if (status === 'no-console') return <NoConsole />;
  return <Shell />;
}

function NoConsole() {
  const { session } = useAuth();
  return (
    <Result
      status="info"
      title="本账号不能使用管理后台"
      subTitle="股东请使用股东门户查看本人持股和分红。"
      extra={[
        <Button key="portal" type="primary" href="/m/">
          前往股东门户
        </Button>,
        <Button key="logout" onClick={() => { sessionStorage.clear(); window.location.assign('/'); }}>
          退出登录
        </Button>,
      ]}
    >
      {session ? null : null}
    </Result>
  );
}

function Shell() {
  const s = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = SCREENS.filter((x) => s.can(x.permission));
  const selected = screens.filter((x) => location.pathname.startsWith(x.path)).sort((a, b) => b.path.length - a.path.length)[0];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', borderBottom: '1px solid #eee' }}>
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          三资管理
        </Typography.Title>
        <Select
          aria-label="组织"
          style={{ minWidth: 240 }}
          value={s.org.id}
          onChange={(id) => s.selectOrg(id)}
          options={s.orgs.map((o) => ({ value: o.id, label: o.name }))}
        />
        {s.ledgers.length > 1 && (
          <Select aria-label="账套" style={{ minWidth: 160 }} value={s.ledger?.id} onChange={(id) => s.selectLedger(id)} options={s.ledgers.map((l) => ({ value: l.id, label: l.name }))} />
        )}
        <Space style={{ marginLeft: 'auto' }}>
          <span>
            {s.me.username}（{s.org.roles.map(roleName).join('、')}）
          </span>
          <Button onClick={() => { s.logout(); navigate('/'); }}>退出</Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={160} theme="light">
          <Menu mode="inline" selectedKeys={selected ? [selected.path] : []} items={screens.map((x) => ({ key: x.path, label: x.label }))} onClick={(e) => navigate(e.key)} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16 }}>
          {!s.ledger && s.can(Permission.BooksRead) && <Alert type="info" showIcon message="该组织还没有账套" style={{ marginBottom: 16 }} />}
          <Suspense fallback={<Spin />}>
            <Routes>
              {screens.map((x) => (
                <Route key={x.path} path={x.path} element={x.element} />
              ))}
              <Route path="*" element={screens[0] ? <Navigate to={screens.find((x) => x.path === '/vouchers')?.path ?? screens[0].path} replace /> : <Result status="403" title="没有可用的功能" />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
