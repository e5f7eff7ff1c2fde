import { App, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { formatMoney, normalizeAmount } from '../../../lib/money';
import { Permission, useSession } from '../../session';
import type { Thresholds } from './views';
import { WarningsTable } from './WarningsTable';

const UNIT: Record<string, string> = { yuan: '元', percent: '%', day: '日', days: '天', months: '个月' };
const shown = (unit: string, value: string) => (unit === 'yuan' ? `${formatMoney(value)} 元` : `${value.replace(/\.00$/, '')} ${UNIT[unit] ?? ''}`);

/** 预警: the organization's warnings with their lifecycle, and the town's 预警阈值 with their dated history. */
export default function WarningsPage() {
  const s = useSession();
  // Thresholds are the town's: the selected town, or the town above the selected organization.
  const byId = new Map(s.orgs.map((o) => [o.id, o]));
  let town = s.org as (typeof s.orgs)[number] | undefined;
  while (town && town.kind !== 'town') town = town.parentId ? byId.get(town.parentId) : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title="预警">
        <WarningsTable orgId={s.org.id} orgName={s.org.name} />
      </Card>
      {town && <ThresholdsCard townId={town.id} townName={town.name} mayEdit={s.can(Permission.ThresholdsManage)} />}
    </Space>
  );
}

function ThresholdsCard({ townId, townName, mayEdit }: { townId: string; townName: string; mayEdit: boolean }) {
  const { message } = App.useApp();
  const [data, setData] = useState<Thresholds | null>(null);
  const [param, setParam] = useState<string | undefined>();
  const [value, setValue] = useState('');
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setData(await read<Thresholds>(api.GET('/api/v1/orgs/{orgId}/warning-thresholds', { params: { path: { orgId: townId } } })));
  }, [townId]);

  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const amount = normalizeAmount(value);
  const save = async () => {
    if (!param || !amount || !from) return;
    setBusy(true);
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/warning-thresholds', { params: { path: { orgId: townId } }, body: { param: param as never, value: amount, effectiveFrom: from.format('YYYY-MM-DD') } }));
      message.success('阈值已设置');
      setValue('');
      await load();
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={`预警阈值\u3000${townName}`}>
      {mayEdit && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select aria-label="阈值项目" style={{ width: 300 }} placeholder="选择阈值项目" value={param} onChange={setParam} options={(data?.params ?? []).map((p) => ({ value: p.param, label: p.label }))} />
          <Input aria-label="阈值" style={{ width: 140 }} placeholder="数值" value={value} onChange={(e) => setValue(e.target.value)} />
          <DatePicker aria-label="生效日期" placeholder="生效日期" value={from} onChange={setFrom} />
          <Button type="primary" loading={busy} disabled={!param || !amount || !from} onClick={() => void save()}>
            设置
          </Button>
        </Space>
      )}
      <Table
        rowKey="param"
        size="small"
        pagination={false}
        dataSource={data?.params ?? []}
        columns={[
          { title: '项目', dataIndex: 'label' },
          {
            title: '历史（自生效日起适用）',
            render: (_, p) =>
              p.history.length === 0 ? (
                <Tag>未设置，该规则不运行</Tag>
              ) : (
                p.history.map((h) => (
                  <div key={h.effectiveFrom}>
                    {h.effectiveFrom} 起：{shown(p.unit, h.value)}
                  </div>
                ))
              ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        新阈值只适用于生效日及以后的业务，之前的预警按当时的阈值判断。
      </Typography.Paragraph>
    </Card>
  );
}
