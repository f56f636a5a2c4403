import { KeyOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { apiToken, createApiTokenRequest, createdApiToken } from '../../../../contracts/auth';
import type { ChangePasswordRequest } from '../../../../contracts/staff';
import { api } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/session';
import { ApiErrorAlert, applyFieldErrors, fieldErrorsOf, useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/RoleTags';

type ApiToken = z.infer<typeof apiToken>;
type CreatedApiToken = z.infer<typeof createdApiToken>;
type CreateApiTokenRequest = z.infer<typeof createApiTokenRequest>;

/** Same rule as the server (contracts/staff.ts newPassword, server/platform/passwords.ts). */
const MIN_PASSWORD_LENGTH = 8;

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function ChangePasswordForm() {
  const { t } = useTranslation('account');
  const { message } = App.useApp();
  const showError = useShowApiError('account');
  const [form] = Form.useForm<PasswordValues>();
  const change = useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.post<{ ok: true }>('/auth/change-password', body),
  });
  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 420 }}
      onFinish={(values) =>
        change.mutate(
          { currentPassword: values.currentPassword, newPassword: values.newPassword },
          {
            onSuccess: () => {
              form.resetFields();
              void message.success(t('password.changed'));
            },
            onError: (error) => {
              // wrong_current_password / password_unchanged come back as 422 with the field in `details`:
              // the translated reason goes on that field; anything else also gets a toast
              const onFields = fieldErrorsOf(error).length > 0;
              const unmatched = applyFieldErrors(form, error, { t, ns: 'account' });
              if (!onFields || unmatched.length) showError(error);
            },
          },
        )
      }
    >
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.hint', { count: MIN_PASSWORD_LENGTH })}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('password.newRequired') },
          { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort', { count: MIN_PASSWORD_LENGTH }) },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value && value === getFieldValue('currentPassword')
                ? Promise.reject(new Error(t('password.sameAsCurrent')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<LockOutlined />} loading={change.isPending}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}

const TOKENS_KEY = ['auth', 'api-tokens'] as const;

function tokenState(token: ApiToken, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

const EXPIRY_CHOICES = [30, 90, 180, 365] as const;

function CreateTokenModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const { t } = useTranslation('account');
  const showError = useShowApiError('account');
  const [form] = Form.useForm<{ name: string; expiresInDays: number | 0 }>();
  const create = useMutation({
    mutationFn: (body: CreateApiTokenRequest) => api.post<CreatedApiToken>('/api-tokens', body),
  });
  const submit = (values: { name: string; expiresInDays: number | 0 }) =>
    create.mutate(
      { name: values.name.trim(), ...(values.expiresInDays ? { expiresInDays: values.expiresInDays } : {}) },
      {
        onSuccess: (token) => {
          form.resetFields();
          onCreated(token);
        },
        onError: (error) => showError(error, { form }),
      },
    );
  return (
    <Modal
      open={open}
      title={t('tokens.create')}
      okText={t('common:button.create')}
      cancelText={t('common:button.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ expiresInDays: 365 }} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }, { max: 100 }]}
        >
          <Input autoFocus placeholder={t('tokens.namePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresIn')}>
          <Select
            options={[
              ...EXPIRY_CHOICES.map((days) => ({ value: days, label: t('tokens.days', { count: days }) })),
              { value: 0, label: t('tokens.never') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ApiTokens() {
  const { t } = useTranslation('account');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('account');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: () => api.get<{ items: ApiToken[] }>('/api-tokens') });
  const revoke = useMutation({
    mutationFn: (id: string) => api.post<ApiToken>(`/api-tokens/${id}/revoke`),
    onSuccess: () => {
      void message.success(t('tokens.revoked'));
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<ApiToken> = [
    { title: t('tokens.name'), dataIndex: 'name' },
    { title: t('tokens.prefix'), dataIndex: 'tokenPrefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    {
      title: t('tokens.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string | null) => (v ? formatDateTime(v) : t('tokens.never')),
    },
    {
      title: t('tokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      render: (v: string | null) => (v ? formatDateTime(v) : t('tokens.neverUsed')),
    },
    {
      title: t('tokens.status'),
      key: 'status',
      render: (_, token) => {
        const state = tokenState(token);
        return <Tag color={state === 'active' ? 'green' : 'default'}>{t(`tokens.state.${state}`)}</Tag>;
      },
    },
    {
      title: t('common:list.actions'),
      key: 'actions',
      render: (_, token) =>
        tokenState(token) === 'active' ? (
          <Popconfirm
            title={t('tokens.revokeConfirm')}
            okText={t('tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common:button.cancel')}
            onConfirm={() => revoke.mutateAsync(token.id).catch(() => undefined)}
          >
            <Button type="link" danger size="small">
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
      <ApiErrorAlert error={tokens.error} onReload={() => void tokens.refetch()} retry />
      <div style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('tokens.create')}
        </Button>
      </div>
      <Table<ApiToken>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tokens.data?.items ?? []}
        loading={tokens.isLoading}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('tokens.empty') }}
      />
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
          void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
        }}
      />
      <Modal
        open={!!created}
        title={t('tokens.createdTitle')}
        closable={false}
        mask={{ closable: false }}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('tokens.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('tokens.createdWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          copyable={{ text: created?.token ?? '', tooltips: [t('common:button.copy'), t('tokens.copied')] }}
          code
          style={{ wordBreak: 'break-all' }}
          data-testid="created-token"
        >
          {created?.token}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

/** 我的账户: who I am, change my password, my API tokens. `?tab=password|tokens` picks the tab. */
export function AccountPage() {
  const { t } = useTranslation('account');
  const user = useCurrentUser();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const showTokens = can('apiToken.manage');
  const tab = params.get('tab') === 'tokens' && showTokens ? 'tokens' : 'password';
  return (
    <>
      <PageHeader title={t('title')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('profile.displayName')}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('profile.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('profile.roles')}>
            <RoleTags roles={user.roles} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'password' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'password', label: t('tab.password'), icon: <LockOutlined />, children: <ChangePasswordForm /> },
            ...(showTokens ? [{ key: 'tokens', label: t('tab.tokens'), icon: <KeyOutlined />, children: <ApiTokens /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}
