import { BerthApiError } from '@berth/client';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiClient } from '../api/client.js';
import { showProblem } from '../api/problem.js';
import { LanguageSwitch } from '../shell/LanguageSwitch.js';
import { useSessionChanged } from '../shell/session.js';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** The forced change of the first sign-in: nothing else answers until it is done. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChangeForm>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const sessionChanged = useSessionChanged();
  const submit = async ({ currentPassword, newPassword }: ChangeForm) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await apiClient().auth.changePassword({ currentPassword, newPassword });
      await sessionChanged();
    } catch (error) {
      if (error instanceof BerthApiError && error.code === 'wrong_password') {
        form.setFields([{ name: 'currentPassword', errors: [t('changePassword.wrongCurrent')] }]);
      } else {
        setFailure(showProblem(error, t, form));
      }
    } finally {
      setBusy(false);
    }
  };
  // Someone else's first sign-in on this browser must be able to leave without changing it.
  const signOut = async () => {
    await apiClient()
      .auth.logout()
      .catch(() => {});
    await sessionChanged();
  };
  return (
    <main className="berth-centered">
      <Card className="berth-gate-card" style={{ width: 420 }}>
        <div className="berth-gate-title">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('changePassword.title')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('changePassword.why')}
        </Typography.Paragraph>
        {failure && (
          <Alert type="error" role="alert" title={failure} style={{ marginBottom: 16 }} />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('changePassword.current')}
            rules={[{ required: true, message: t('changePassword.required') }]}
          >
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('changePassword.next')}
            extra={t('changePassword.rules')}
            rules={[
              { required: true, message: t('changePassword.required') },
              { min: 10, message: t('changePassword.tooShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('changePassword.repeat')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('changePassword.required') },
              ({ getFieldValue }) => ({
                validator: (_rule, value) =>
                  value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('changePassword.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('changePassword.submit')}
          </Button>
          <Button type="link" block onClick={signOut} style={{ marginTop: 8 }}>
            {t('shell.signOut')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
