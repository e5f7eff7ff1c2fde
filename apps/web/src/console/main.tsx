import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ConsoleApp } from './App';
import { AuthProvider } from './session';
import './print.css';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  // antd's App (message, modal) wraps the console's frame in Shell.tsx, not the login.
  // autoInsertSpace off: antd would render "记 账", which breaks finding a button by its name.
  <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
    <BrowserRouter>
      <AuthProvider>
        <ConsoleApp />
      </AuthProvider>
    </BrowserRouter>
  </ConfigProvider>,
);
