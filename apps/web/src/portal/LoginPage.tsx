import { Button, Form, Input, NoticeBar } from 'antd-mobile';
import { useState } from 'react';
import { errorText } from '../api/errors';
import { usePortalAuth } from './session';

export function LoginPage() {
  const { login, notice } = usePortalAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="portal-login">
      <h1>股东门户</h1>
      <p className="portal-hint">查看本人持股、股权变动和分红</p>
      {notice ? <NoticeBar content={notice} color="alert" /> : null}
      {error ? <NoticeBar content={error} color="error" /> : null}
      <Form
        layout="vertical"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={busy}>
            登录
          </Button>
        }
      >
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input placeholder="请输入用户名" autoComplete="username" clearable />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input placeholder="请输入密码" type="password" autoComplete="current-password" clearable />
        </Form.Item>
      </Form>
    </div>
  );
}
