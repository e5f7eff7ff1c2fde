import { createRoot } from 'react-dom/client';

// The shareholders' portal (phone first, next issue): its own entry so a phone never loads antd.
function Portal() {
  return (
    <main style={{ fontSize: 20, padding: 24, lineHeight: 1.6 }}>
      <h1 style={{ fontSize: 26 }}>股东门户</h1>
      <p>股东门户正在建设中：将在这里查看本人持股、股权变动和分红明细。</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Portal />);
