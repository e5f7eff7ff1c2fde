import { DotLoading } from 'antd-mobile';

export function Loading() {
  return (
    <div className="portal-loading">
      <DotLoading color="primary" /> 正在加载
    </div>
  );
}
