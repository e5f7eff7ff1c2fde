import { Alert, App as AntApp, Button, Layout, Menu, Result, Select, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AREAS, type Screen } from './areas';
import { Permission, roleName, useAuth, useSession } from './session';

/** The screen a deep link (or a reload) opens: its code loads with the frame's, not after the session is known. */
function matching(pathname: string, screens: Screen[]): Screen | undefined {
  return screens.filter((x) => pathname.startsWith(x.path)).sort((a, b) => b.path.length - a.path.length)[0];
}
matching(window.location.pathname, AREAS.flatMap((a) => a.screens))?.preload?.();

/** A shareholder's account: the portal is theirs, not the console. */
export function NoConsole() {
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

/** The console's frame after the login: header, organization switcher, the areas' menu and screens. */
export default function Shell() {
  const s = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const onTown = s.org.kind === 'town';
  const areas = AREAS.map((a) => ({ ...a, screens: a.screens.filter((x) => s.can(x.permission) && (!onTown || x.onTown)) })).filter((a) => a.screens.length > 0);
  const screens = areas.flatMap((a) => a.screens);
  const selected = matching(location.pathname, screens);
  return (
    <AntApp>
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
            <Menu mode="inline" selectedKeys={selected ? [selected.path] : []} items={areas.length === 1 ? areas[0].screens.map((x) => ({ key: x.path, label: x.label })) : areas.map((a) => ({ type: 'group' as const, key: a.key, label: a.label, children: a.screens.map((x) => ({ key: x.path, label: x.label })) }))} onClick={(e) => navigate(e.key)} />
          </Layout.Sider>
          <Layout.Content style={{ padding: 16 }}>
            {/* A town (镇街) supervises and keeps no books of its own: no notice there. */}
            {!s.ledger && s.org.kind !== 'town' && s.can(Permission.BooksRead) && <Alert type="info" showIcon message="该组织还没有账套" style={{ marginBottom: 16 }} />}
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
    </AntApp>
  );
}
