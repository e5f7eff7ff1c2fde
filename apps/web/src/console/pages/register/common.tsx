import { App, Button, Select, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { components } from '../../../api/schema';
import type { Page } from '../../../api/views';
import { allPages } from '../../../api/lists';

/** The register's answers as the OpenAPI document describes them. */
export type Shareholder = components['schemas']['ShareholderView'];
export type Household = components['schemas']['HouseholdView'];
export type ShareClass = components['schemas']['ShareClassView'];
export type Holding = components['schemas']['HoldingView'];
export type ShareEvent = components['schemas']['ShareEventListItem'];
export type AuditEntry = components['schemas']['AuditLogEntryView'];

/** `GET …/register` (股东名册): one row per holder or household, a column per class code. */
export interface RegisterReport {
  asOf: string;
  by: 'shareholder' | 'household';
  classes: { code: string; name: string }[];
  items: (Record<string, string | null> & { total: string })[];
  totals: Record<string, string>;
}

export const EVENT_TYPES: Record<string, string> = {
  initial_allocation: '初始配股',
  transfer: '转让',
  gift: '赠与',
  inheritance: '继承',
  purchase: '有偿购股',
  project_investment: '项目入股',
  redemption: '回购',
  freeze: '冻结',
  unfreeze: '解冻',
  correction: '更正',
};

export const EVENT_STATUSES: Record<string, string> = {
  pending: '待审批',
  approved: '已批准',
  public_notice: '公示中',
  effective: '已生效',
  rejected: '已驳回',
  cancelled: '已撤销',
  withdrawn: '已撤回',
};

export const HOLDER_STATUSES: Record<string, string> = { active: '正常', deceased: '已身故', exited: '已退出' };

export const registerPath = (orgId: string) => ({ params: { path: { orgId } } });

export async function loadRegister(orgId: string, asOf: string, by: 'shareholder' | 'household'): Promise<RegisterReport> {
  return read<RegisterReport>(api.GET('/api/v1/orgs/{orgId}/register', { params: { path: { orgId }, query: { asOf, by } } }));
}

export async function loadHouseholds(orgId: string): Promise<Household[]> {
  return allPages<Household>((query) => read<Page<Household>>(api.GET('/api/v1/orgs/{orgId}/households', { params: { path: { orgId }, query: query as never } })));
}

export async function loadShareClasses(orgId: string): Promise<ShareClass[]> {
  return allPages<ShareClass>((query) => read<Page<ShareClass>>(api.GET('/api/v1/orgs/{orgId}/share-classes', { params: { path: { orgId }, query: query as never } })));
}

/** A holder's current holdings (all classes). */
export async function loadHoldings(orgId: string, shareholderId: string): Promise<Holding[]> {
  return allPages<Holding>((query) => read<Page<Holding>>(api.GET('/api/v1/orgs/{orgId}/holdings', { params: { path: { orgId }, query: { ...query, shareholderId } as never } })));
}

/**
 * A list route read a page at a time (SPEC §5): the cursors of the pages seen so far make 上一页
 * possible; a change of filter starts again from the first page.
 */
export function useCursorPages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]) {
  const { message } = App.useApp();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<T>>({ items: [], nextCursor: null });
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([null]), deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    fetchRef
      .current(cursor)
      .then((p) => live && setPage(p))
      .catch((e) => message.error(errorText(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [cursor, version, message, ...deps]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const pager = (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
        上一页
      </Button>
      <span>第 {cursors.length} 页</span>
      <Button disabled={!page.nextCursor} onClick={() => setCursors((c) => [...c, page.nextCursor])}>
        下一页
      </Button>
    </Space>
  );
  return { page, loading, reload, pager };
}

/** Names of holders by id, fetched once each (a leg or an allocation carries only the id). */
const nameCache = new Map<string, Promise<Shareholder | null>>();

export function useHolders(orgId: string, ids: readonly string[]): Map<string, Shareholder> {
  const [known, setKnown] = useState(new Map<string, Shareholder>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    Promise.all(
      wanted.map((id) => {
        const cacheKey = `${orgId}:${id}`;
        if (!nameCache.has(cacheKey)) {
          nameCache.set(cacheKey, read<Shareholder>(api.GET('/api/v1/orgs/{orgId}/shareholders/{shareholderId}', { params: { path: { orgId, shareholderId: id } } })).catch(() => null));
        }
        return nameCache.get(cacheKey)!;
      }),
    ).then((list) => live && setKnown(new Map(list.filter((x): x is Shareholder => x !== null).map((x) => [x.id, x]))));
    return () => {
      live = false;
    };
  }, [orgId, key]);
  return known;
}

export const holderLabel = (h: Pick<Shareholder, 'number' | 'name'> | undefined, id: string) => (h ? `${h.number} ${h.name}` : id.slice(0, 8));

/** A shareholder chosen by typing part of the name or the number. */
export function ShareholderPicker(props: { orgId: string; value?: string; onChange?: (id: string | undefined, holder?: Shareholder) => void; ariaLabel: string; width?: number; onlyActive?: boolean }) {
  const { orgId, value, onChange, ariaLabel, width = 220, onlyActive } = props;
  const [options, setOptions] = useState<Shareholder[]>([]);
  const search = useCallback(
    (text: string) => {
      const q = text.trim();
      read<Page<Shareholder>>(api.GET('/api/v1/orgs/{orgId}/shareholders', { params: { path: { orgId }, query: { limit: 20, ...(q ? { q } : {}) } as never } }))
        .then((p) => setOptions((old) => [...p.items.filter((h) => !h.collective && (!onlyActive || h.status === 'active')), ...old.filter((o) => o.id === value)]))
        .catch(() => setOptions([]));
    },
    [orgId, onlyActive, value],
  );
  useEffect(() => search(''), [search]);
  return (
    <Select
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      placeholder="输入姓名或编号"
      style={{ width }}
      value={value}
      onChange={(id: string | undefined) => onChange?.(id, options.find((o) => o.id === id))}
      options={[...new Map(options.map((o) => [o.id, o])).values()].map((o) => ({ value: o.id, label: `${o.number} ${o.name}${o.status !== 'active' ? `（${HOLDER_STATUSES[o.status] ?? o.status}）` : ''}` }))}
    />
  );
}
