import { Button, NoticeBar } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { api, read } from '../../api/client';
import { errorText } from '../../api/errors';
import type { Page } from '../../api/views';
import { Empty } from '../Empty';
import { Loading } from '../Loading';
import { chineseDate, EVENT_STATUSES, EVENT_TYPES, formatQuantity } from '../format';
import { useClassNames } from '../useClassNames';
import type { MyShareEvent } from '../views';

const PAGE_SIZE = 20;

export function statusTag(status: string) {
  const kind = status === 'public_notice' ? 'notice' : status === 'effective' ? 'done' : ['rejected', 'cancelled', 'withdrawn'].includes(status) ? 'closed' : '';
  return <span className={`portal-tag ${kind}`}>{EVENT_STATUSES[status] ?? status}</span>;
}

/** 我的变动: the share events touching my holdings (my own legs only), a page at a time. */
export default function EventsPage() {
  const className = useClassNames();
  const [items, setItems] = useState<MyShareEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const more = async (from: string | null) => {
    setLoading(true);
    try {
      const page = await read<Page<MyShareEvent>>(api.GET('/api/v1/me/share-events', { params: { query: from ? { limit: PAGE_SIZE, cursor: from } : { limit: PAGE_SIZE } } }));
      setItems((before) => (from ? [...before, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setDone(page.nextCursor === null);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void more(null);
  }, []);

  return (
    <div className="portal-page">
      {error ? <NoticeBar content={error} color="error" /> : null}
      {items.length === 0 && loading ? <Loading /> : null}
      {items.length === 0 && done ? <Empty title="还没有股权变动" /> : null}
      {items.map(({ event }) => (
        <div className="portal-card" key={event.id} data-testid="share-event">
          <div className="portal-row">
            <span>
              <b>{EVENT_TYPES[event.type] ?? event.type}</b>
            </span>
            <span>{statusTag(event.status)}</span>
          </div>
          <div className="portal-row">
            <span>生效日期</span>
            <span>{chineseDate(event.effectiveDate)}</span>
          </div>
          {event.status === 'public_notice' && event.noticeEndsOn ? (
            <div className="portal-row">
              <span>公示截止</span>
              <span>{chineseDate(event.noticeEndsOn)}</span>
            </div>
          ) : null}
          {event.legs.map((leg, i) => (
            <div className="portal-row" key={i}>
              <span>{className(leg.shareClass)}</span>
              <span>
                <b>{leg.quantity.startsWith('-') ? '减少' : '增加'} {formatQuantity(leg.quantity.replace(/^[-+]/, ''))}</b> 股
              </span>
            </div>
          ))}
          {event.closedReason ? <p className="portal-muted">原因：{event.closedReason}</p> : null}
        </div>
      ))}
      {!done && items.length > 0 ? (
        <Button block size="large" loading={loading} onClick={() => void more(cursor)}>
          加载更多
        </Button>
      ) : null}
    </div>
  );
}
