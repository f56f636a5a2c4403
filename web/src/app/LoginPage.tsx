import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { describeApiError } from '../components/apiErrors';
import { LanguageSwitch } from './LanguageSwitch';
import { safeNextPath, useLogin, useSession } from './session';

interface LoginValues {
  username: string;
  password: string;
}

/** 用户名 / 密码 / 登录. Enter submits; a wrong password or too many attempts say so above the form. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const { user, isLoading } = useSession();
  const login = useLogin();
  const [form] = Form.useForm<LoginValues>();
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${t('login.title')} - ${t('appName')}`;
  }, [t]);

  if (isLoading) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (user && !login.isPending) return <Navigate to={next} replace />;

  const onFinish = (values: LoginValues) => {
    setFailure(null);
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 401) setFailure(t('login.wrongCredentials'));
          else if (error instanceof ApiError && error.status === 429) setFailure(t('login.tooManyAttempts'));
          else setFailure(describeApiError(error, t));
          form.setFieldValue('password', '');
          form.focusField('password');
        },
      },
    );
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: 'linear-gradient(160deg, #e6f0ff 0%, #f0f2f5 45%, #f0f2f5 100%)',
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card
        style={{ width: '100%', maxWidth: 400, boxShadow: '0 8px 24px rgba(0, 21, 41, 0.08)' }}
        styles={{ body: { padding: 32 } }}
      >
        <Flex vertical align="center" gap={8} style={{ marginBottom: 24 }}>
          <img src="/logo.svg" alt={t('login.logoPlaceholder')} width={56} height={56} />
          <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 0' }}>
            {t('appName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </Flex>
        {failure && (
          <Alert type="error" showIcon title={failure} role="alert" style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<LoginValues> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="on" size="large">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" placeholder={t('login.username')} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder={t('login.password')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        {t('shell.copyright', { year: new Date().getFullYear() })}
      </Typography.Text>
    </Flex>
  );
}
