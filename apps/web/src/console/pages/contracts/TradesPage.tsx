import { App, Button, Card, Descriptions, Drawer, Input, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Page } from '../../../api/views';
import { formatMoney, normalizeAmount } from '../../../lib/money';
import { Permission, useBooks, useSession } from '../../session';
import type { Trade } from './types';

const TRADE_STATUS: Record<Trade['status'], { text: string; color: string }> = { open: { text: '竞价中', color: 'blue' }, completed: { text: '已成交', color: 'green' }, failed: { text: '流标', color: 'red' } };

/** 集体资产交易: trades with bidders and bids; 成交 creates the draft contract, 流标 needs a reason. */
export default function TradesPage() {
  const books = useBooks();
  const s = useSession();
  const { message } = App.useApp();
  const [trades, setTrades] = useState<Trade[]>([]);
  const [open, setOpen] = useState<Trade | null>(null);
  const [bid, setBid] = useState({ bidderId: '', amount: '' });
  const [deal, setDeal] = useState({ contractNumber: '', startDate: '', endDate: '', reason: '' });
  const orgId = s.org.id;

  const load = useCallback(async () => {
    setTrades(await allPages<Trade>((query) => read<Page<Trade>>(api.GET('/api/v1/orgs/{orgId}/trades', { params: { path: { orgId }, query: query as never } }))));
  }, [orgId]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const act = async (label: string, call: () => Promise<Trade>) => {
    try {
      setOpen(await call());
      message.success(`${label}成功`);
      await load();
    } catch (e) {
      message.error(`${label}未完成：${errorText(e)}`);
    }
  };
  const manage = s.can(Permission.ContractsManage);
  const path = (tradeId: string) => ({ path: { orgId, tradeId } });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  return (
    <Card title="集体资产交易">
      <Table<Trade>
        rowKey="id"
        size="small"
        dataSource={trades}
        onRow={(t) => ({ onClick: () => setOpen(t) })}
        columns={[
          { title: '交易编号', dataIndex: 'number' },
          { title: '项目', dataIndex: 'title' },
          { title: '底价（元/月）', align: 'right', render: (_, t) => formatMoney(t.reservePrice) },
          { title: '最高报价', align: 'right', render: (_, t) => formatMoney(t.lastBid) },
          { title: '竞买人', render: (_, t) => t.bidders.length },
          { title: '状态', render: (_, t) => <Tag color={TRADE_STATUS[t.status].color}>{TRADE_STATUS[t.status].text}</Tag> },
        ]}
      />
      <Drawer open={!!open} width={760} title={open ? `${open.number} ${open.title}` : ''} onClose={() => setOpen(null)}>
        {open && (
          <>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="标的">{open.object.description}</Descriptions.Item>
              <Descriptions.Item label="状态">{TRADE_STATUS[open.status].text}</Descriptions.Item>
              <Descriptions.Item label="底价">{formatMoney(open.reservePrice)}</Descriptions.Item>
              <Descriptions.Item label="加价幅度">{formatMoney(open.increment)}</Descriptions.Item>
              {open.winningAmount && <Descriptions.Item label="成交价">{formatMoney(open.winningAmount)}</Descriptions.Item>}
              {open.failureReason && <Descriptions.Item label="流标原因">{open.failureReason}</Descriptions.Item>}
              {open.contractId && <Descriptions.Item label="合同">已生成草拟合同，请到合同台账签订</Descriptions.Item>}
            </Descriptions>
            <Table
              style={{ marginTop: 12 }}
              rowKey="seq"
              size="small"
              pagination={false}
              dataSource={open.bids}
              columns={[
                { title: '轮次', dataIndex: 'seq' },
                { title: '竞买人', dataIndex: 'bidderName' },
                { title: '报价（元/月）', align: 'right', render: (_, b) => formatMoney(b.amount) },
              ]}
            />
            {manage && open.status === 'open' && (
              <Space direction="vertical" style={{ marginTop: 12 }}>
                <Space wrap>
                  <Select aria-label="竞买人" style={{ width: 220 }} placeholder="竞买人" value={bid.bidderId || undefined} onChange={(v) => setBid({ ...bid, bidderId: v })} options={open.bidders.map((b) => ({ value: b.id, label: b.name }))} />
                  <Input aria-label="报价" placeholder="报价" style={{ width: 140 }} value={bid.amount} onChange={(e) => setBid({ ...bid, amount: e.target.value })} />
                  <Button onClick={() => act('报价', () => read(api.POST('/api/v1/orgs/{orgId}/trades/{tradeId}/bids', { params: path(open.id), body: { bidderId: bid.bidderId, amount: normalizeAmount(bid.amount) ?? bid.amount } })))}>记录报价</Button>
                </Space>
                {books && (
                  <Space wrap>
                    <Input aria-label="合同编号" placeholder="合同编号" style={{ width: 140 }} value={deal.contractNumber} onChange={(e) => setDeal({ ...deal, contractNumber: e.target.value })} />
                    <Input aria-label="起始日" placeholder="起始日 2025-01-01" style={{ width: 150 }} value={deal.startDate} onChange={(e) => setDeal({ ...deal, startDate: e.target.value })} />
                    <Input aria-label="到期日" placeholder="到期日 2027-12-31" style={{ width: 150 }} value={deal.endDate} onChange={(e) => setDeal({ ...deal, endDate: e.target.value })} />
                    <Button type="primary" onClick={() => act('成交', () => read(api.POST('/api/v1/orgs/{orgId}/trades/{tradeId}/complete', { params: path(open.id), body: { date: today, ledgerId: books.ledger.id, contractNumber: deal.contractNumber, startDate: deal.startDate, endDate: deal.endDate } })))}>
                      成交并生成合同
                    </Button>
                  </Space>
                )}
                <Space wrap>
                  <Input aria-label="流标原因" placeholder="流标原因" style={{ width: 260 }} value={deal.reason} onChange={(e) => setDeal({ ...deal, reason: e.target.value })} />
                  <Button danger onClick={() => act('流标', () => read(api.POST('/api/v1/orgs/{orgId}/trades/{tradeId}/fail', { params: path(open.id), body: { date: today, reason: deal.reason } })))}>流标</Button>
                </Space>
              </Space>
            )}
          </>
        )}
      </Drawer>
    </Card>
  );
}
