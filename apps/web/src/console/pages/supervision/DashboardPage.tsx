import { App, Card, Space, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useSession } from '../../session';
import { DISTRIBUTION_STATUS, type Dashboard, type DashboardRow } from './views';
import { WarningsTable } from './WarningsTable';

/** 监管看板: the town's organizations with their red/yellow warnings, months closed and distribution; an organization opens its warnings. */
export default function DashboardPage() {
  const s = useSession();
  const { message } = App.useApp();
  const [board, setBoard] = useState<Dashboard | null>(null);
  const [picked, setPicked] = useState<DashboardRow | null>(null);
  const isTown = s.org.kind === 'town';

  useEffect(() => {
    setPicked(null);
    setBoard(null);
    if (!isTown) return;
    read<Dashboard>(api.GET('/api/v1/orgs/{orgId}/supervision/dashboard', { params: { path: { orgId: s.org.id } } }))
      .then(setBoard)
      .catch((e) => message.error(errorText(e)));
  }, [s.org.id, isTown, message]);

  // An organization's own staff see its warnings; the town's dashboard is for the town.
  if (!isTown) {
    return (
      <Card title="监管看板">
        <WarningsTable orgId={s.org.id} orgName={s.org.name} />
      </Card>
    );
  }
  return (
    <Card title={`监管看板\u3000${board?.name ?? s.org.name}`}>
      <Space size="large" style={{ marginBottom: 12 }}>
        <Statistic title="红色预警" value={board?.red ?? '-'} valueStyle={{ color: '#cf1322' }} />
        <Statistic title="黄色预警" value={board?.yellow ?? '-'} valueStyle={{ color: '#d48806' }} />
        <Statistic title="组织数" value={board?.organizations.length ?? '-'} />
      </Space>
      <Table<DashboardRow>
        rowKey="orgId"
        size="small"
        loading={!board}
        dataSource={board?.organizations ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => setPicked(r), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.orgId === picked?.orgId ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '组织', dataIndex: 'name' },
          {
            title: '预警',
            render: (_, r) =>
              r.red + r.yellow === 0 ? (
                <Tag color="green">正常</Tag>
              ) : (
                <Space size={4}>
                  {r.red > 0 && <Tag color="red">红 {r.red}</Tag>}
                  {r.yellow > 0 && <Tag color="gold">黄 {r.yellow}</Tag>}
                </Space>
              ),
          },
          {
            title: '结账至',
            render: (_, r) => (r.ledgers.length === 0 ? '无账套' : r.ledgers.map((l) => <div key={l.ledgerId}>{`${l.name}：${l.closedTo ?? '未结账'}`}</div>)),
          },
          { title: '收益分配', render: (_, r) => (r.distribution ? `${r.distribution.fiscalYear} 年 ${DISTRIBUTION_STATUS[r.distribution.status] ?? r.distribution.status}` : '无') },
        ]}
      />
      {picked && (
        <div style={{ marginTop: 16 }}>
          <WarningsTable key={picked.orgId} orgId={picked.orgId} orgName={picked.name} />
        </div>
      )}
    </Card>
  );
}
