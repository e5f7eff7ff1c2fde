import { Alert, App, Button, Card, Input, Progress, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Job, Page } from '../../../api/views';
import { todayInShanghai } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { Permission, useBooks, useSession } from '../../session';
import { formatUnits, nextMonth, normalizeUnits } from './common';
import { METHOD, type Run, type RunPreview, type RunPreviewLine } from './types';
import { VoucherLink } from './VoucherLink';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 计提折旧: a month runs on the `assets` queue (one job per ledger and month, idempotent); the screen
 * follows GET /jobs/{id} and then names the voucher. Months run in order, so the month offered is
 * the one after the last run (or this month when none ran yet). Before it runs, the month's preview
 * (POST …/runs/preview) lists every card with its amount as the server computes it; 工作量法 cards
 * take the month's workload here ("试算" asks the server again), and the run sends the same workloads.
 */
export default function DepreciationPage() {
  const books = useBooks();
  const s = useSession();
  const { message } = App.useApp();
  const [runs, setRuns] = useState<Run[]>([]);
  const [period, setPeriod] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const timer = useRef<number | null>(null);
  const manage = s.can(Permission.BooksManage);
  const [preview, setPreview] = useState<RunPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  /** The workloads typed, by card, as typed. */
  const [typed, setTyped] = useState<Record<string, string>>({});

  const workloads = useCallback(
    (lines: readonly RunPreviewLine[]) =>
      lines.filter((l) => l.method === 'units' && (typed[l.assetId] ?? '').trim() !== '').map((l) => ({ assetId: l.assetId, units: normalizeUnits(typed[l.assetId]) })),
    [typed],
  );

  const orgId = books?.orgId;
  const ledgerId = books?.ledger.id;
  const asked = useRef(0);
  const ask = useCallback(
    async (month: string, units: { assetId: string; units: string }[]) => {
      if (!orgId || !ledgerId) return;
      const n = ++asked.current;
      try {
        const answer = await read<RunPreview>(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/runs/preview', { params: { path: { orgId, ledgerId } }, body: { period: month, units } }));
        if (n !== asked.current) return; // a later question is on its way
        setPreview(answer);
        setPreviewError(null);
      } catch (e) {
        if (n !== asked.current) return;
        setPreview(null);
        setPreviewError(errorText(e));
      }
    },
    [orgId, ledgerId],
  );

  // A new month: its preview without workloads (those typed were for another month).
  useEffect(() => {
    setTyped({});
    setPreview(null);
    setPreviewError(null);
    if (manage && period && PERIOD.test(period)) void ask(period, []);
  }, [ask, manage, period]);

  const load = useCallback(async () => {
    if (!books) return [];
    const all = await allPages<Run>((query) => read<Page<Run>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/runs', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query: query as never } })));
    setRuns(all);
    return all;
  }, [books]);

  useEffect(() => {
    load()
      .then((all) => setPeriod((p) => p ?? (all[0] ? nextMonth(all[0].period) : todayInShanghai().slice(0, 7))))
      .catch((e) => message.error(errorText(e)));
    return () => {
      if (timer.current !== null) window.clearInterval(timer.current);
    };
  }, [load, message]);

  if (!books) return null;

  const entered = preview ? workloads(preview.lines) : [];
  const badWorkload = entered.some((u) => u.units === null);
  const valid = entered.filter((u): u is { assetId: string; units: string } => u.units !== null);
  const unitsCards = preview?.lines.filter((l) => l.method === 'units') ?? [];
  const missing = unitsCards.filter((l) => !valid.some((u) => u.assetId === l.assetId));
  // The preview shown answers exactly the workloads typed (else 试算 first).
  const sent = new Map(unitsCards.map((l) => [l.assetId, l.units]));
  const stale = unitsCards.some((l) => (valid.find((u) => u.assetId === l.assetId)?.units ?? '0.0000') !== sent.get(l.assetId));

  const run = async () => {
    if (!period || badWorkload) return;
    try {
      const { jobId } = await read<{ jobId: string }>(
        api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/runs', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id } }, body: { period, ...(valid.length > 0 ? { units: valid } : {}) } }),
      );
      setJob({ id: jobId, state: 'waiting', progress: 0, result: null, failedReason: null });
      if (timer.current !== null) window.clearInterval(timer.current);
      timer.current = window.setInterval(async () => {
        const j = await read<Job>(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } }));
        setJob(j);
        if (j.state === 'completed' || j.state === 'failed') {
          if (timer.current !== null) window.clearInterval(timer.current);
          timer.current = null;
          const all = await load();
          if (j.state === 'completed' && all[0]) setPeriod(nextMonth(all[0].period));
        }
      }, 400);
    } catch (e) {
      message.error(`计提未完成：${errorText(e)}`);
    }
  };

  const done = job?.state === 'completed' ? (job.result as Run) : null;
  return (
    <Card title="计提折旧">
      {manage && (
        <Space style={{ marginBottom: 16 }} wrap>
          <span>计提月份</span>
          <Input aria-label="计提月份" style={{ width: 110 }} value={period ?? ''} onChange={(e) => setPeriod(e.target.value)} />
          <Button type="primary" onClick={run} disabled={!period || (!preview && !previewError) || badWorkload || stale || (job !== null && job.state !== 'completed' && job.state !== 'failed')}>
            计提折旧
          </Button>
          {job && (
            <Space>
              <Progress type="circle" size={36} percent={job.progress} status={job.state === 'failed' ? 'exception' : undefined} />
              <span data-testid="depreciation-state">
                {done
                  ? done.cards === 0
                    ? `${done.period} 没有需要计提的卡片`
                    : `已计提 ${done.period}：${done.cards} 张卡片，合计 ${formatMoney(done.total)} 元，凭证 `
                  : job.state === 'failed'
                    ? `失败：${job.failedReason ?? ''}`
                    : '计提中…'}
              </span>
              {done?.voucherId && <span data-testid="depreciation-voucher"><VoucherLink voucherId={done.voucherId} /></span>}
            </Space>
          )}
        </Space>
      )}
      {manage && previewError && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={<span data-testid="preview-error">{`${period} 不能试算：${previewError}`}</span>} />}
      {manage && preview && (
        <>
          <Typography.Title level={5}>
            <span data-testid="preview-total">{`${preview.period} 试算：${preview.cards} 张卡片，合计 ${formatMoney(preview.total)} 元`}</span>
          </Typography.Title>
          {missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`工作量法卡片 ${missing.map((l) => l.cardNo).join('、')} 未填本月工作量，不填则本月不计提`}
            />
          )}
          <Table<RunPreviewLine>
            rowKey="assetId"
            size="small"
            dataSource={preview.lines}
            pagination={{ pageSize: 20 }}
            style={{ marginBottom: 12 }}
            columns={[
              { title: '卡片编号', dataIndex: 'cardNo' },
              { title: '资产名称', dataIndex: 'name' },
              { title: '折旧方法', dataIndex: 'method', render: (m: string) => METHOD[m] ?? m },
              { title: '预计总工作量', dataIndex: 'totalUnits', align: 'right', render: (u: string | null) => formatUnits(u) },
              { title: '已用工作量', dataIndex: 'unitsUsed', align: 'right', render: (u: string, l) => (l.method === 'units' ? formatUnits(u) : '') },
              {
                title: '本月工作量',
                render: (_, l) =>
                  l.method === 'units' ? (
                    <Input
                      aria-label={`${l.cardNo} 本月工作量`}
                      style={{ width: 130 }}
                      value={typed[l.assetId] ?? ''}
                      status={(typed[l.assetId] ?? '').trim() !== '' && normalizeUnits(typed[l.assetId]) === null ? 'error' : undefined}
                      onChange={(e) => setTyped((t) => ({ ...t, [l.assetId]: e.target.value }))}
                      onPressEnter={() => !badWorkload && period && void ask(period, valid)}
                    />
                  ) : null,
              },
              { title: '本月折旧', dataIndex: 'amount', align: 'right', render: (a: string, l) => <span data-testid={`preview-amount-${l.cardNo}`}>{formatMoney(a)}</span> },
              { title: '计提后累计折旧', dataIndex: 'accumulatedAfter', align: 'right', render: (a: string) => formatMoney(a) },
            ]}
          />
          {unitsCards.length > 0 && (
            <Space style={{ marginBottom: 16 }}>
              <Button onClick={() => period && void ask(period, valid)} disabled={badWorkload}>
                试算
              </Button>
              <Typography.Text type={badWorkload ? 'danger' : 'secondary'}>
                {badWorkload ? '工作量须为不小于 0 的数，最多四位小数' : stale ? '工作量已改动，请先试算再计提' : '工作量按所填数字计提；最后一个月（累计达到预计总工作量）补足尾差'}
              </Typography.Text>
            </Space>
          )}
        </>
      )}
      <Typography.Paragraph type="secondary">
        工作量法：月折旧额 =（原值 − 残值）× 本月工作量 ÷ 预计总工作量，四舍五入到分。年限平均法：月折旧额 =（原值 − 残值）÷ 使用月数，四舍五入到分，最后一个月补足尾差；启用当月不提、处置当月照提。每月一张凭证：借 用途对应的费用科目，贷 152 累计折旧。
      </Typography.Paragraph>
      <Table<Run>
        rowKey="id"
        size="small"
        dataSource={runs}
        pagination={{ pageSize: 12 }}
        columns={[
          { title: '月份', dataIndex: 'period' },
          { title: '卡片数', dataIndex: 'cards', align: 'right' },
          { title: '折旧合计', dataIndex: 'total', align: 'right', render: (a: string) => formatMoney(a) },
          { title: '凭证', dataIndex: 'voucherId', render: (id: string | null) => (id ? <VoucherLink voucherId={id} /> : '（无折旧，未生成凭证）') },
        ]}
      />
    </Card>
  );
}
