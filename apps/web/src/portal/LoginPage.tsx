import { Button, Input, NoticeBar } from 'antd-mobile';
import { useState, type FormEvent } from 'react';
import { errorText } from '../api/errors';
import { usePortalAuth } from './session';

/** The same login as the console's, in large type; kept light (no form library) for the first screen. */
export function LoginPage() {
  const { login, notice } = usePortalAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(!username.trim() ? '请输入用户名' : '请输入密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="portal-login" onSubmit={(e) => void submit(e)}>
      <h1>股东门户</h1>
      <p className="portal-hint">查看本人持股、股权变动和分红</p>
      {notice ? <NoticeBar content={notice} color="alert" /> : null}
      {error ? <NoticeBar content={error} color="error" /> : null}
      <label className="portal-field">
        <span>用户名</span>
        <Input placeholder="请输入用户名" autoComplete="username" value={username} onChange={setUsername} clearable />
      </label>
      <label className="portal-field">
        <span>密码</span>
        <Input placeholder="请输入密码" type="password" autoComplete="current-password" value={password} onChange={setPassword} clearable />
      </label>
      <Button block type="submit" color="primary" size="large" loading={busy}>
        登录
      </Button>
    </form>
  );
}
