import { App, Button, Card, Input, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, download, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { formatMoney } from '../../../lib/money';
import { useSession } from '../../session';
import type { AgingRow } from './types';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** 应收租金账龄 as of a date (1–30 / 31–90 / 91–180 / 180 天以上), with the downloads of 合同台账 and 应收租金明细. */
export default function RentReportsPage() {
  const s = useSession();
  const { message } = App.useApp();
  const [asOf, setAsOf] = useState(today());
  const [rows, setRows] = useState<AgingRow[]>([]);
  const [totals, setTotals] = useState<Omit<AgingRow, 'contractId' | 'contractNumber' | 'counterparty'> | null>(null);
  const orgId = s.org.id;

  const load = useCallback(async () => {
    const r = await read<{ items: AgingRow[]; totals: NonNullable<typeof totals> }>(api.GET('/api/v1/orgs/{orgId}/contracts/aging', { params: { path: { orgId }, query: { asOf } as never } }));
    setRows(r.items);
    setTotals(r.totals);
  }, [orgId, asOf]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const file = (path: string, name: string) => download(`/api/v1/orgs/${orgId}/contracts${path}`, name).catch((e) => message.error(errorText(e)));
  const money = (k: keyof AgingRow) => ({ title: '', dataIndex: k, align: 'right' as const, render: (v: string) => formatMoney(v) });
  return (
    <Card title="应收租金账龄">
      <Space style={{ marginBottom: 12 }} wrap>
        <span>截止日期</span>
        <Input aria-label="截止日期" style={{ width: 130 }} value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        <Button onClick={() => file(`/aging?asOf=${asOf}&format=xlsx`, 'rent-aging.xlsx')}>导出账龄（Excel）</Button>
        <Button onClick={() => file(`/receivables?asOf=${asOf}&format=xlsx`, 'rent-receivable.xlsx')}>导出应收租金明细</Button>
        <Button onClick={() => file('?format=xlsx', 'contracts.xlsx')}>导出合同台账</Button>
      </Space>
      <Table<AgingRow>
        rowKey="contractId"
        size="small"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '合同编号', dataIndex: 'contractNumber' },
          { title: '承租方', dataIndex: 'counterparty' },
          { ...money('notDue'), title: '未到期' },
          { ...money('d1to30'), title: '1-30 天' },
          { ...money('d31to90'), title: '31-90 天' },
          { ...money('d91to180'), title: '91-180 天' },
          { ...money('over180'), title: '180 天以上' },
          { ...money('total'), title: '合计' },
        ]}
        summary={() =>
          totals && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>合计</Table.Summary.Cell>
              {(['notDue', 'd1to30', 'd31to90', 'd91to180', 'over180', 'total'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 2} align="right">
                  <span data-testid={`aging-total-${k}`}>{formatMoney(totals[k])}</span>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
