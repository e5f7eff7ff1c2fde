import { createRoot } from 'react-dom/client';
import { PortalApp } from './App';
import './portal.css';

// The shareholders' portal (phone first, antd-mobile): its own entry so a phone never loads antd.
createRoot(document.getElementById('root')!).render(<PortalApp />);
