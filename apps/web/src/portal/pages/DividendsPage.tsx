export default function DividendsPage() {
  return <div className="portal-page">正在建设中</div>;
}
