import { App, Button, Card, DatePicker, Input, Segmented, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { download } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { todayInShanghai } from '../../../lib/dates';
import { formatQuantity, sumQuantities } from '../../../lib/shares';
import { useSession } from '../../session';
import { loadRegister, type RegisterReport } from './common';

/**
 * 股东名册 as of any date, by shareholder or by household (`GET …/register`), the whole register
 * in one table (virtual rows: 10,000 holders scroll without 10,000 DOM rows), searchable, with the
 * API's CSV and XLSX. 身份证 come masked from the API for every role but the accountant.
 */
export default function RegisterPage() {
  const s = useSession();
  const { message } = App.useApp();
  const orgId = s.org.id;
  const [asOf, setAsOf] = useState(todayInShanghai());
  const [by, setBy] = useState<'shareholder' | 'household'>('shareholder');
  const [report, setReport] = useState<RegisterReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState('');

  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRegister(orgId, asOf, by)
      .then((r) => live && setReport(r))
      .catch((e) => message.error(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [orgId, asOf, by, message]);

  const rows = useMemo(() => {
    const items = report?.items ?? [];
    const t = text.trim();
    if (!t) return items;
    return items.filter((r) => [r.number, r.name, r.household, r.address].some((v) => v?.includes(t)));
  }, [report, text]);

  const keyColumns =
    by === 'household'
      ? [
          { title: '户号', dataIndex: 'household', width: 120, fixed: 'left' as const },
          { title: '地址', dataIndex: 'address', width: 200 },
        ]
      : [
          { title: '股东编号', dataIndex: 'number', width: 100, fixed: 'left' as const },
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '身份证号', dataIndex: 'idNumber', width: 190 },
          { title: '户号', dataIndex: 'household', width: 90 },
          { title: '成员', dataIndex: 'member', width: 60 },
        ];
  const classColumns = (report?.classes ?? []).map((c) => ({ title: c.name, dataIndex: c.code, width: 130, align: 'right' as const, render: (q: string) => formatQuantity(q) }));
  const file = (format: 'csv' | 'xlsx') =>
    download(`/api/v1/orgs/${orgId}/register?asOf=${asOf}&by=${by}&format=${format}`, `股东名册-${asOf}.${format}`).catch((e) => message.error(errorText(e)));

  return (
    <Card title="股东名册">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>截至</span>
        <DatePicker aria-label="截至日期" allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))} />
        <Segmented
          aria-label="名册方式"
          value={by}
          onChange={(v) => setBy(v as 'shareholder' | 'household')}
          options={[
            { value: 'shareholder', label: '按股东' },
            { value: 'household', label: '按户' },
          ]}
        />
        <Input.Search aria-label="查找" placeholder="姓名、编号或户号" allowClear style={{ width: 220 }} onSearch={setText} onChange={(e) => !e.target.value && setText('')} />
        <Button onClick={() => file('csv')}>下载 CSV</Button>
        <Button onClick={() => file('xlsx')}>下载 Excel</Button>
      </Space>
      {report && (
        <Typography.Paragraph type="secondary">
          截至 {report.asOf}，共 {report.items.length} {by === 'household' ? '户' : '名股东'}
          {text ? `，查到 ${rows.length} 条` : ''}。
        </Typography.Paragraph>
      )}
      <div aria-label="股东名册">
      <Table
        rowKey={(r) => String(by === 'household' ? r.household : r.number)}
        size="small"
        loading={loading}
        virtual
        scroll={{ x: 700 + classColumns.length * 130, y: 560 }}
        pagination={false}
        dataSource={rows}
        columns={[...keyColumns, ...classColumns, { title: '合计', dataIndex: 'total', width: 140, align: 'right' as const, render: (q: string) => <strong>{formatQuantity(q)}</strong> }]}
        summary={() =>
          report ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={keyColumns.length}>
                  合计
                </Table.Summary.Cell>
                {report.classes.map((c, i) => (
                  <Table.Summary.Cell key={c.code} index={keyColumns.length + i} align="right">
                    {formatQuantity(report.totals[c.code])}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={keyColumns.length + report.classes.length} align="right">
                  <strong aria-label="名册合计">{formatQuantity(sumTotals(report))}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      </div>
    </Card>
  );
}

function sumTotals(report: RegisterReport): string {
  return sumQuantities(report.classes.map((c) => report.totals[c.code] ?? '0.0000'));
}
