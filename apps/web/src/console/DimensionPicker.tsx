import { AutoComplete } from 'antd';
import { forwardRef, useEffect, useState, type KeyboardEvent } from 'react';
import { DIMENSION_NAMES, type Dimension } from './dimensions';

interface Props {
  label: string;
  /** The text in the cell (a counterparty's name as typed, or the chosen person's label). */
  text: string;
  search: (typed: string) => Promise<Dimension[]>;
  /** Which kinds may be chosen: a voucher line takes all three, a 明细账 asks for one. */
  kinds: readonly Dimension['kind'][];
  onChange(text: string, chosen: Dimension | null): void;
  onKeyDown?(e: KeyboardEvent): void;
  width?: number | string;
}

/**
 * One cell for a line's dimension, driven from the keyboard: type a name, a shareholder number or a
 * 户号; the register's matches are offered below the typed text, which stays a counterparty's name
 * when nothing is chosen.
 */
export const DimensionPicker = forwardRef<{ focus(): void }, Props>(function DimensionPicker({ label, text, search, kinds, onChange, onKeyDown, width = '100%' }, ref) {
  const [found, setFound] = useState<Dimension[]>([]);
  useEffect(() => {
    let live = true;
    // A counterparty is just the typed name: the register is asked only for shareholders or households.
    if (!kinds.some((k) => k !== 'counterparty')) return;
    const timer = setTimeout(() => {
      void search(text).then((list) => live && setFound(list.filter((d) => kinds.includes(d.kind) && d.label !== text)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, search, kinds]);
  const typed = text.trim() && kinds.includes('counterparty') ? [{ value: `counterparty:${text.trim()}`, label: `${DIMENSION_NAMES.counterparty}：${text.trim()}` }] : [];
  return (
    <AutoComplete
      aria-label={label}
      ref={ref as never}
      style={{ width }}
      value={text}
      filterOption={false}
      options={[...typed, ...found.map((d) => ({ value: `${d.kind}:${d.value}`, label: d.label }))]}
      onChange={(value: string) => {
        // Choosing an option sends its key first; the label follows in onSelect.
        if (/^(counterparty|shareholder|household):/.test(value)) return;
        onChange(value, null);
      }}
      onSelect={(value: string) => {
        const [kind, ...rest] = value.split(':');
        const id = rest.join(':');
        if (kind === 'counterparty') return onChange(id, { kind: 'counterparty', value: id, label: id });
        const d = found.find((x) => x.kind === kind && x.value === id);
        if (d) onChange(d.label, d);
      }}
      onKeyDown={onKeyDown}
      placeholder={kinds.map((k) => DIMENSION_NAMES[k]).join('/')}
    />
  );
});
