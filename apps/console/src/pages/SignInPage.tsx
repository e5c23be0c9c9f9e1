import { BerthApiError } from '@berth/client';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiClient } from '../api/client.js';
import { showProblem } from '../api/problem.js';
import { LanguageSwitch } from '../shell/LanguageSwitch.js';
import { useSessionChanged } from '../shell/session.js';

interface SignInForm {
  username: string;
  password: string;
}

/** The server's reasons a person meets here, in their language; anything else as sent. */
function failureText(error: unknown, t: TFunction, form: Parameters<typeof showProblem>[2]) {
  if (error instanceof BerthApiError) {
    if (error.code === 'login_failed') return t('signIn.wrongPassword');
    if (error.code === 'login_locked') return t('signIn.locked', { detail: error.problem.detail });
  }
  return showProblem(error, t, form);
}

/** Username and password; the server sets the session cookie and throttles failures. */
export function SignInPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInForm>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const sessionChanged = useSessionChanged();
  const submit = async (values: SignInForm) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await apiClient().auth.login(values);
      await sessionChanged();
    } catch (error) {
      setFailure(failureText(error, t, form));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="berth-centered">
      <Card className="berth-gate-card" style={{ width: 380 }}>
        <div className="berth-gate-title">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('signIn.title')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        {failure && (
          <Alert
            type="error"
            role="alert"
            title={t('signIn.failed')}
            description={failure}
            style={{ margin: '16px 0' }}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[{ required: true, message: t('signIn.usernameRequired') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
