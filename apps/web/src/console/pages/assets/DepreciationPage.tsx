import { App, Button, Card, Input, Progress, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Job, Page } from '../../../api/views';
import { todayInShanghai } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { Permission, useBooks, useSession } from '../../session';
import { nextMonth } from './common';
import type { Run } from './types';
import { VoucherLink } from './VoucherLink';

/**
 * 计提折旧: a month runs on the `assets` queue (one job per ledger and month, idempotent); the screen
 * follows GET /jobs/{id} and then names the voucher. Months run in order, so the month offered is
 * the one after the last run (or this month when none ran yet).
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

  const run = async () => {
    if (!period) return;
    try {
      const { jobId } = await read<{ jobId: string }>(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/runs', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id } }, body: { period } }));
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
          <Button type="primary" onClick={run} disabled={!period || (job !== null && job.state !== 'completed' && job.state !== 'failed')}>
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
      <Typography.Paragraph type="secondary">
        年限平均法：月折旧额 =（原值 − 残值）÷ 使用月数，四舍五入到分，最后一个月补足尾差；启用当月不提、处置当月照提。每月一张凭证：借 用途对应的费用科目，贷 152 累计折旧。
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
