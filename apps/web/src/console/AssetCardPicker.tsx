import { AutoComplete } from 'antd';
import { forwardRef, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api, read } from '../api/client';
import { allPages } from '../api/lists';
import type { components } from '../api/schema';
import type { Page } from '../api/views';

type AssetView = components['schemas']['AssetView'];

/** A fixed-asset card as a voucher line's card cell offers it. */
export interface AssetCard {
  id: string;
  label: string;
}

export const assetCardLabel = (a: Pick<AssetView, 'cardNo' | 'name' | 'state'>) => `${a.cardNo} ${a.name}${a.state === 'disposed' ? '（已处置）' : ''}`;

/**
 * The ledger's fixed-asset cards for a picker, through the assets list (read whole on the first
 * search, then filtered here by card number or name: the list has no search of its own).
 */
export function useAssetCardSearch(orgId: string | undefined, ledgerId: string | undefined) {
  const cards = useRef<{ key: string; list: Promise<AssetCard[]> } | null>(null);
  return useCallback(
    async (typed: string): Promise<AssetCard[]> => {
      if (!orgId || !ledgerId) return [];
      const key = `${orgId}/${ledgerId}`;
      if (cards.current?.key !== key) {
        const list = allPages<AssetView>((query) =>
          read<Page<AssetView>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets', { params: { path: { orgId, ledgerId }, query: query as never } })),
        )
          .then((all) => all.map((a) => ({ id: a.id, label: assetCardLabel(a) })))
          .catch(() => [] as AssetCard[]);
        cards.current = { key, list };
      }
      const q = typed.trim().toLowerCase();
      return (await cards.current.list).filter((c) => !q || c.label.toLowerCase().includes(q)).slice(0, 10);
    },
    [orgId, ledgerId],
  );
}

interface Props {
  label: string;
  /** The text in the cell: what was typed, or the chosen card's label. */
  text: string;
  search: (typed: string) => Promise<AssetCard[]>;
  onChange(text: string, chosen: AssetCard | null): void;
  onKeyDown?(e: KeyboardEvent): void;
}

/**
 * A line's fixed-asset card (lines on 151/152/154), from the keyboard like the dimension cell: type a
 * card number or name, arrows and Enter choose among the ledger's cards. Only a chosen card counts.
 */
export const AssetCardPicker = forwardRef<{ focus(): void }, Props>(function AssetCardPicker({ label, text, search, onChange, onKeyDown }, ref) {
  const [found, setFound] = useState<AssetCard[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void search(text).then((list) => live && setFound(list));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, search]);
  return (
    <AutoComplete
      aria-label={label}
      ref={ref as never}
      style={{ width: '100%' }}
      value={text}
      filterOption={false}
      defaultActiveFirstOption
      options={found.map((c) => ({ value: `asset:${c.id}`, label: c.label }))}
      onChange={(value: string) => {
        // Choosing an option sends its key first; the label follows in onSelect.
        if (value.startsWith('asset:')) return;
        onChange(value, null);
      }}
      onSelect={(value: string) => {
        const card = found.find((c) => `asset:${c.id}` === value);
        if (card) onChange(card.label, card);
      }}
      onKeyDown={onKeyDown}
      placeholder="资产卡片（卡片编号或名称）"
    />
  );
});
