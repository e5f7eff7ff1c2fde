/** An empty or refused state in words (antd-mobile's ErrorBlock carries large illustrations a first screen does not need). */
export function Empty({ title, description }: { title: string; description?: string }) {
  return (
    <div className="portal-empty">
      <p className="portal-empty-title">{title}</p>
      {description ? <p className="portal-muted">{description}</p> : null}
    </div>
  );
}
