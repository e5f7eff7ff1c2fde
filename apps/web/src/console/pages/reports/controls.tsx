import { Button, DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A month range (from–to, YYYY-MM). */
export function RangePicker({ from, to, onChange }: { from: string; to: string; onChange(from: string, to: string): void }) {
  return (
    <DatePicker.RangePicker
      picker="month"
      allowClear={false}
      aria-label="期间"
      value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
      onChange={(v) => v?.[0] && v[1] && onChange(v[0].format('YYYY-MM'), v[1].format('YYYY-MM'))}
    />
  );
}

/** One month (balance sheet) or one year (income statement). */
export function MonthPicker({ value, year, onChange }: { value: string; year?: boolean; onChange(value: string): void }) {
  return (
    <DatePicker
      picker={year ? 'year' : 'month'}
      allowClear={false}
      aria-label={year ? '年度' : '月份'}
      value={dayjs(year ? `${value}-01-01` : `${value}-01`)}
      onChange={(v) => v && onChange(v.format(year ? 'YYYY' : 'YYYY-MM'))}
    />
  );
}

/** The report's files and its A4 print view (print.css hides the console around it). */
export function FileButtons({ onFile }: { onFile(format: 'csv' | 'xlsx'): void }) {
  return (
    <>
      <Button onClick={() => onFile('csv')}>下载 CSV</Button>
      <Button onClick={() => onFile('xlsx')}>下载 Excel</Button>
      <Button onClick={() => window.print()}>打印</Button>
    </>
  );
}
