import { Alert, App, Button, Card, DatePicker, Input, Progress, Select, Space, Table, Tabs } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, download, read } from '../../api/client';
import { errorText } from '../../api/errors';
import type { AuditItem, Job, Page, VerifyResult } from '../../api/views';
import { formatMoment, todayInShanghai } from '../../lib/dates';
import { useBooks, useSession } from '../session';

/** 审计: the audit log with filters, the chain's verification, the auditor exports as jobs. */
export default function AuditPage() {
  return (
    <Card title="审计">
      <Tabs
        items={[
          { key: 'log', label: '审计日志', children: <AuditLog /> },
          { key: 'exports', label: '数据导出', children: <Exports /> },
        ]}
      />
    </Card>
  );
}

function AuditLog() {
  const s = useSession();
  const { message } = App.useApp();
  const [action, setAction] = useState('');
  const [range, setRange] = useState<[string, string] | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<AuditItem>>({ items: [], nextCursor: null });
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const orgId = s.org.id;
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    const query: Record<string, string> = { limit: '50' };
    if (action) query.action = action;
    if (range) [query.from, query.to] = range;
    if (cursor) query.cursor = cursor;
    read<Page<AuditItem>>(api.GET('/api/v1/orgs/{orgId}/audit-log', { params: { path: { orgId }, query: query as never } }))
      .then(setPage)
      .catch((e) => message.error(errorText(e)));
  }, [orgId, action, range, cursor, message]);

  const check = async () => {
    try {
      setVerify(await read<VerifyResult>(api.GET('/api/v1/orgs/{orgId}/audit-log/verify', { params: { path: { orgId } } })));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label="操作" placeholder="操作，如 voucher.posted" allowClear style={{ width: 240 }} onSearch={(v) => { setAction(v.trim()); setCursors([null]); }} />
        <DatePicker.RangePicker aria-label="日期" onChange={(v) => { setRange(v?.[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null); setCursors([null]); }} />
        <Button onClick={check}>校验审计链</Button>
      </Space>
      {verify && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={verify.ok ? 'success' : 'error'}
          message={verify.ok ? `审计链完整：已校验 ${verify.checked} 条记录，未发现篡改` : `审计链被破坏：第一条异常记录序号 ${verify.firstBadId}（共 ${verify.problems.length} 处问题）`}
        />
      )}
      <Table<AuditItem>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={page.items}
        columns={[
          { title: '序号', dataIndex: 'id', width: 80 },
          { title: '时间', dataIndex: 'at', render: (t: string) => formatMoment(t), width: 180 },
          { title: '操作人', dataIndex: 'actorName', width: 120 },
          { title: '操作', dataIndex: 'action' },
          { title: '对象', render: (_, i) => `${i.entity} ${i.entityId.slice(0, 8)}` },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>上一页</Button>
        <Button disabled={!page.nextCursor} onClick={() => setCursors((c) => [...c, page.nextCursor])}>下一页</Button>
      </Space>
    </>
  );
}

const FORMATS = [
  { value: 'gbt24589', label: 'GB/T 24589 财务软件数据接口（年度）' },
  { value: 'journal', label: '序时账文本（hledger 格式）' },
];

function Exports() {
  const books = useBooks();
  const { message } = App.useApp();
  const [format, setFormat] = useState<'gbt24589' | 'journal'>('gbt24589');
  const [year, setYear] = useState(todayInShanghai().slice(0, 4));
  const [job, setJob] = useState<Job | null>(null);
  const timer = useRef<number | null>(null);

  const stop = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);

  const poll = useCallback(
    (id: string) => {
      stop();
      timer.current = window.setInterval(async () => {
        try {
          const j = await read<Job>(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } }));
          setJob(j);
          if (j.state === 'completed' || j.state === 'failed') stop();
        } catch (e) {
          stop();
          message.error(errorText(e));
        }
      }, 500);
    },
    [message],
  );

  if (!books) return null;
  const start = async () => {
    try {
      const body = format === 'gbt24589' ? { format, year } : { format, from: `${year}-01`, to: `${year}-12` };
      const { jobId } = await read<{ jobId: string }>(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/exports', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id } }, body }));
      setJob({ id: jobId, state: 'waiting', progress: 0, result: null, failedReason: null });
      poll(jobId);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const percent = job ? (job.state === 'completed' ? 100 : Math.round(job.progress)) : 0;
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
      <Space wrap>
        <Select aria-label="导出格式" style={{ width: 300 }} value={format} onChange={setFormat} options={FORMATS} />
        <Input aria-label="年度" addonBefore="年度" style={{ width: 140 }} value={year} onChange={(e) => setYear(e.target.value)} />
        <Button type="primary" onClick={start} disabled={job !== null && job.state !== 'completed' && job.state !== 'failed'}>
          开始导出
        </Button>
      </Space>
      {job && (
        <>
          <Progress aria-label="导出进度" percent={percent} status={job.state === 'failed' ? 'exception' : job.state === 'completed' ? 'success' : 'active'} />
          {job.state === 'failed' && <Alert type="error" showIcon message={`导出失败：${job.failedReason ?? ''}`} />}
          {job.state === 'completed' && (
            <Button onClick={() => download(`/api/v1/orgs/${books.orgId}/ledgers/${books.ledger.id}/exports/${job.id}/file`, `${format}-${year}`).catch((e) => message.error(errorText(e)))}>
              下载导出文件
            </Button>
          )}
        </>
      )}
    </Space>
  );
}
