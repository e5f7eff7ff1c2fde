import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';
import { PortalApp } from './App';
import './portal.css';

// antd-mobile's imperative Toast/Dialog render outside the tree; React 19 has no ReactDOM.render, so
// they are given createRoot (antd-mobile's documented hook for React 19).
const roots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  const root = roots.get(container) ?? createRoot(container);
  roots.set(container, root);
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});

// The shareholders' portal (phone first, antd-mobile): its own entry so a phone never loads antd.
createRoot(document.getElementById('root')!).render(<PortalApp />);
