import { DatePicker } from 'antd-mobile';
import { dayOf } from './format';

/** The day picker of 我的股份, loaded only when a holder asks for another day. */
export default function AsOfPicker({ onClose, onPick }: { onClose: () => void; onPick: (day: string) => void }) {
  return <DatePicker visible title="查看哪一天的持股" precision="day" min={new Date(1990, 0, 1)} max={new Date()} onClose={onClose} onConfirm={(d) => onPick(dayOf(d))} />;
}
